/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { HealthSettings } from '../types/admin'

export type HealthNumber = Exclude<keyof HealthSettings, 'notifyGroup'>

/**
 * The range of each threshold, as lib/Health/HealthSettings.php allows it and openapi.json documents
 * it (healthSettings.spec.ts compares them with openapi-full.json). The server is the judge; these are the inputs' min and max.
 */
export const HEALTH_NUMBERS: Readonly<Record<HealthNumber, { readonly min: number, readonly max: number }>> = {
	offlineGraceMinutes: { min: 0, max: 10080 },
	reservePercent: { min: 0, max: 50 },
	reserveGigabytes: { min: 0, max: 100000 },
	fillingDays: { min: 0, max: 365 },
	failingHours: { min: 1, max: 8760 },
	laggingHours: { min: 1, max: 8760 },
	offlineReminderDays: { min: 1, max: 3650 },
}
