/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/// <reference types="node" />

// The TypeScript types of the API must say what openapi.json says: every schema has an
// interface of the same name with the same fields (its own and those it extends), optional where
// the schema does not require them, of the same types. Reads admin.ts (the admin API) and
// status.ts (the files endpoints) with the TypeScript compiler, so it checks the source.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { HEALTH_NUMBERS } from '../utils/healthSettings'

interface Schema {
	type?: string
	description?: string
	enum?: string[]
	nullable?: boolean
	$ref?: string
	items?: Schema
	properties?: Record<string, Schema>
	required?: string[]
}

const root = join(__dirname, '..', '..')
const openapi = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8'))
const schemas: Record<string, Schema> = openapi.components.schemas
const sources = ['admin.ts', 'status.ts'].map((file) => ts.createSourceFile(file, readFileSync(join(__dirname, file), 'utf8'), ts.ScriptTarget.Latest, true))

const interfaces = new Map<string, ts.InterfaceDeclaration>()
const aliases = new Map<string, ts.TypeNode>()
sources.forEach((source) => source.forEachChild((node) => {
	if (ts.isInterfaceDeclaration(node)) {
		interfaces.set(node.name.text, node)
	} else if (ts.isTypeAliasDeclaration(node)) {
		aliases.set(node.name.text, node.type)
	}
}))

/** An interface's fields, those it extends first. */
function membersOf(declaration: ts.InterfaceDeclaration): ts.TypeElement[] {
	const inherited = (declaration.heritageClauses ?? []).flatMap((clause) => clause.types).flatMap((base) => {
		const parent = interfaces.get(base.expression.getText())
		return parent ? membersOf(parent) : []
	})
	return [...inherited, ...declaration.members]
}

/** A type as a sorted set of union members, aliases expanded, quotes unified. */
function tsType(node: ts.TypeNode): string[] {
	if (ts.isUnionTypeNode(node)) {
		return node.types.flatMap(tsType).sort()
	}
	if (ts.isTypeReferenceNode(node) && aliases.has(node.typeName.getText())) {
		return tsType(aliases.get(node.typeName.getText())!)
	}
	return [node.getText().replace(/"/g, '\'')]
}

function schemaType(schema: Schema): string[] {
	let members: string[]
	if (schema.$ref) {
		members = [schema.$ref.split('/').pop()!]
	} else if (schema.enum) {
		members = schema.enum.map((value) => `'${value}'`)
	} else if (schema.type === 'array') {
		members = [schemaType(schema.items!).join(' | ') + '[]']
	} else if (schema.type === 'integer' || schema.type === 'number') {
		members = ['number']
	} else {
		members = [schema.type!]
	}
	return (schema.nullable ? [...members, 'null'] : members).sort()
}

const names = Object.keys(schemas).filter((name) => name !== 'OCSMeta')

describe('src/types/admin.ts and status.ts against openapi.json', () => {
	it.each(names)('%s has an interface with the same fields and types', (name) => {
		const declaration = interfaces.get(name)
		expect(declaration).toBeDefined()
		const schema = schemas[name]
		const required = new Set(schema.required ?? [])

		const actual: Record<string, string> = {}
		for (const member of membersOf(declaration!)) {
			if (!ts.isPropertySignature(member) || !member.type) {
				continue
			}
			const optional = member.questionToken ? '?' : ''
			actual[member.name.getText() + optional] = tsType(member.type).join(' | ')
		}
		const expected: Record<string, string> = {}
		for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
			const optional = required.has(property) ? '' : '?'
			expected[property + optional] = schemaType(propertySchema).join(' | ')
		}
		expect(actual).toEqual(expected)
	})

	it('sorts by exactly the columns the status endpoint accepts', () => {
		const sort = openapi.paths['/ocs/v2.php/apps/mirror/api/v1/status'].get.parameters
			.find((parameter: { name: string }) => parameter.name === 'sort')
		expect(tsType(aliases.get('SortColumn')!)).toEqual(schemaType({ enum: sort.schema.enum }))
	})

	it('changes through PUT health/settings exactly the settings it answers with, in the ranges documented there', () => {
		const body: Schema = openapi.paths['/ocs/v2.php/apps/mirror/api/v1/health/settings'].put.requestBody.content['application/json'].schema
		const settings = interfaces.get('HealthSettings')!.members.map((member) => member.name!.getText())
		expect(Object.keys(body.properties!).sort()).toEqual([...settings].sort())

		const documented: Record<string, { min: number, max: number }> = {}
		for (const [name, property] of Object.entries(body.properties!)) {
			const range = /\((\d+) to (\d+)\b/.exec(property.description ?? '')
			if (range) {
				documented[name] = { min: Number(range[1]), max: Number(range[2]) }
			}
		}
		expect(documented).toEqual(HEALTH_NUMBERS)
	})
})
