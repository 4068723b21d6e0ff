/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Stands in for `import icon from './icon.svg?raw'`.
module.exports = '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
