/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { createApp } from 'vue'
import PersonalSettings from './views/PersonalSettings.vue'

createApp(PersonalSettings).mount('#mirror-personal-settings')
