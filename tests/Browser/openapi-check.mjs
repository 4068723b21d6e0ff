/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// A small validator for the subset of OpenAPI 3.0 that the generated openapi*.json use (Nextcloud's
// openapi-extractor: objects, arrays, scalars, enums, $ref, and a nullable $ref written as
// {nullable, allOf: [$ref]}): the browser test checks the real server's answers against openapi-full.json,
// the document the front end's types (src/types/openapi/) are generated from. Objects are closed: a key
// the schema does not name is a problem. A construct it does not know is a problem too, never a pass.

import { readFileSync } from 'node:fs'

export function loadOpenApi(file) {
	return JSON.parse(readFileSync(file, 'utf8'))
}

/**
 * @return {string[]} what does not match (empty when the value fits the schema)
 */
export function validate(value, schema, doc, at = '$') {
	if (schema.$ref) {
		// "nullable" beside a $ref: null, or the referenced shape
		return value === null && schema.nullable ? [] : validate(value, doc.components.schemas[schema.$ref.split('/').pop()], doc, at)
	}
	if (value === null) {
		return schema.nullable ? [] : [`${at}: null is not allowed`]
	}
	if (schema.allOf) {
		// every part must fit (the extractor's nullable $ref is an allOf of one)
		return schema.allOf.flatMap((part) => validate(value, part, doc, at))
	}
	if (schema.oneOf) {
		// exactly one alternative fits ("string or integer": a parameter of an error)
		const fitting = schema.oneOf.filter((part) => validate(value, part, doc, at).length === 0).length
		return fitting === 1 ? [] : [`${at}: ${JSON.stringify(value)} fits ${fitting} of the ${schema.oneOf.length} alternatives, not exactly one`]
	}
	const problems = []
	switch (schema.type) {
	case 'object':
		if (typeof value !== 'object' || Array.isArray(value)) {
			return [`${at}: expected an object`]
		}
		for (const key of schema.required ?? []) {
			if (!(key in value)) {
				problems.push(`${at}.${key}: missing`)
			}
		}
		for (const [key, item] of Object.entries(value)) {
			// a map (additionalProperties: a schema) takes any key, an ordinary object only its properties
			const property = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : null)
			if (!property) {
				problems.push(`${at}.${key}: not in the schema`)
			} else {
				problems.push(...validate(item, property, doc, `${at}.${key}`))
			}
		}
		return problems
	case 'array':
		if (!Array.isArray(value)) {
			return [`${at}: expected an array`]
		}
		return value.flatMap((item, i) => validate(item, schema.items, doc, `${at}[${i}]`))
	case 'integer':
		return Number.isInteger(value) ? [] : [`${at}: expected an integer, got ${JSON.stringify(value)}`]
	case 'boolean':
		return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`]
	case 'string':
		if (typeof value !== 'string') {
			return [`${at}: expected a string, got ${JSON.stringify(value)}`]
		}
		return schema.enum && !schema.enum.includes(value) ? [`${at}: ${value} is not one of ${schema.enum.join(', ')}`] : []
	case 'number':
		return typeof value === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`]
	default:
		// {} (or only words): any value
		return Object.keys(schema).every((key) => key === 'description') ? [] : [`${at}: the schema ${JSON.stringify(schema)} is not one this check knows`]
	}
}

/** The schema of the OCS data an operation of Mirror's API answers with this status. */
export function dataSchema(doc, path, method, status) {
	return ocsDataSchema(doc, '/ocs/v2.php/apps/mirror/api/v1/' + path, method, status)
}

/** The same for any OCS operation, by its full path (another app's openapi.json). */
export function ocsDataSchema(doc, path, method, status) {
	const response = doc.paths[path]?.[method]?.responses?.[String(status)]
	if (!response) {
		throw new Error(`openapi.json has no ${status} answer for ${method.toUpperCase()} ${path}`)
	}
	return response.content['application/json'].schema.properties.ocs.properties.data
}
