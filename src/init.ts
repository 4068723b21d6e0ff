/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The Files app loads this script on every page: keep it tiny.
// Register only what Files needs up front, and import() the rest on demand,
// e.g. `exec: async (...args) => (await import('./actions/mirrorStatus')).exec(...args)`.

export {}
