/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

/// <reference types="node" />

// The inputs' ranges must be those the server documents for PUT health/settings in openapi-full.json
// (generated from lib/Controller/HealthController.php's @param lines: "(0 to 50)").

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HEALTH_NUMBERS } from './healthSettings'

interface Property {
	description?: string
}

const openapi = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi-full.json'), 'utf8'))

describe('HEALTH_NUMBERS', () => {
	it('are the ranges PUT health/settings documents, for exactly the settings it takes', () => {
		const body: { properties: Record<string, Property> } = openapi.paths['/ocs/v2.php/apps/mirror/api/v1/health/settings'].put.requestBody.content['application/json'].schema
		expect(Object.keys(body.properties).sort()).toEqual([...Object.keys(HEALTH_NUMBERS), 'notifyGroup'].sort())

		const documented: Record<string, { min: number, max: number }> = {}
		for (const [name, property] of Object.entries(body.properties)) {
			const range = /\((\d+) to (\d+)\b/.exec(property.description ?? '')
			if (range) {
				documented[name] = { min: Number(range[1]), max: Number(range[2]) }
			}
		}
		expect(documented).toEqual(HEALTH_NUMBERS)
	})
})
