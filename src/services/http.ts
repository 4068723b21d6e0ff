/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The few requests the app makes, with fetch: the part of @nextcloud/axios it used (the request token,
// JSON in and out, query parameters, an error carrying the server's answer) without axios' 61 KB on every
// page (bench/README.md, "Bundle budgets"). The same call shapes (get/post/put/patch/delete answering
// { data, status }) and the same error shape (isAxiosError, response.status, response.data), so callers and
// their tests read as before.

export interface HttpResponse<T> {
	data: T
	status: number
}

/** A refused or failed request: response is the server's answer, absent when there was none. */
export interface HttpError<T = unknown> extends Error {
	isAxiosError: true
	response?: { status: number, data: T }
}

export interface RequestOptions {
	params?: Record<string, string | number | boolean | null | undefined>
	headers?: Record<string, string>
}

// The answer's type is the caller's to check (any, as axios' isAxiosError has it).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isAxiosError<T = any>(error: unknown): error is HttpError<T> {
	return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true
}

/** The CSRF token, where @nextcloud/auth keeps it (Nextcloud's pages refresh it there). */
function requestToken(): string {
	return (globalThis as { _nc_auth_requestToken?: string })._nc_auth_requestToken ?? document.head.dataset.requesttoken ?? ''
}

function httpError(message: string, response?: { status: number, data: unknown }): HttpError {
	return Object.assign(new Error(message), { isAxiosError: true as const, response })
}

async function request<T>(method: string, url: string, body: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
	const target = new URL(url, window.location.href)
	for (const [key, value] of Object.entries(options.params ?? {})) {
		if (value !== null && value !== undefined) {
			target.searchParams.append(key, String(value))
		}
	}
	const headers: Record<string, string> = {
		Accept: 'application/json',
		'X-Requested-With': 'XMLHttpRequest',
		requesttoken: requestToken(),
		...options.headers,
	}
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json'
	}
	let response: Response
	try {
		response = await fetch(target.toString(), {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			credentials: 'same-origin',
		})
	} catch (error) {
		throw httpError(error instanceof Error ? error.message : 'Network Error')
	}
	const text = await response.text()
	let data: unknown = text
	try {
		data = text === '' ? undefined : JSON.parse(text)
	} catch {
		// not JSON: the text as it came
	}
	if (!response.ok) {
		throw httpError('Request failed with status code ' + response.status, { status: response.status, data })
	}
	return { data: data as T, status: response.status }
}

export default {
	get: <T>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options),
	delete: <T>(url: string, options?: RequestOptions) => request<T>('DELETE', url, undefined, options),
	post: <T>(url: string, body?: unknown, options?: RequestOptions) => request<T>('POST', url, body, options),
	put: <T>(url: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', url, body, options),
	patch: <T>(url: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', url, body, options),
}
