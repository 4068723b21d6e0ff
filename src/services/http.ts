/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The app's one HTTP client: @nextcloud/axios (the request token, re-login on a 401, the retry of a
// refused CSRF token, maintenance mode), which the front end is asked to use. The services import it
// from here, so their specs mock one module. @nextcloud/password-confirmation adds its interceptor to
// this same instance.

export { default, isAxiosError } from '@nextcloud/axios'
export type { AxiosError as HttpError, AxiosResponse as HttpResponse } from 'axios'
