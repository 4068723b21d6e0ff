/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import http, { isAxiosError } from './http'

function answer(status: number, body: string) {
	return jest.fn().mockResolvedValue(new Response(body, { status }))
}

describe('http', () => {
	const realFetch = window.fetch
	afterEach(() => {
		window.fetch = realFetch
		globalThis.fetch = realFetch
		delete document.head.dataset.requesttoken
	})

	function useFetch(mock: jest.Mock) {
		window.fetch = mock
		globalThis.fetch = mock
	}

	it('sends the request token, the query and a JSON body, and answers the parsed JSON', async () => {
		document.head.dataset.requesttoken = 'token-123'
		const fetch = answer(200, '{"ocs":{"data":{"id":7}}}')
		useFetch(fetch)
		const response = await http.post('/ocs/v2.php/apps/mirror/api/v1/targets', { path: '/mnt/usb' },
			{ params: { limit: 25, filter: 'a b', skipped: undefined }, headers: { 'OCS-APIRequest': 'true' } })
		expect(response).toEqual({ data: { ocs: { data: { id: 7 } } }, status: 200 })
		const [url, init] = fetch.mock.calls[0]
		expect(url).toBe('http://localhost/ocs/v2.php/apps/mirror/api/v1/targets?limit=25&filter=a+b')
		expect(init.method).toBe('POST')
		expect(init.body).toBe('{"path":"/mnt/usb"}')
		expect(init.headers).toMatchObject({ requesttoken: 'token-123', 'OCS-APIRequest': 'true', 'Content-Type': 'application/json', Accept: 'application/json' })
	})

	it('sends no body and no content type on a GET', async () => {
		const fetch = answer(200, '[]')
		useFetch(fetch)
		await expect(http.get('/x')).resolves.toEqual({ data: [], status: 200 })
		expect(fetch.mock.calls[0][1].body).toBeUndefined()
		expect(fetch.mock.calls[0][1].headers['Content-Type']).toBeUndefined()
	})

	it('rejects a refusal with the server\'s status and answer, as the callers read it', async () => {
		useFetch(answer(409, '{"ocs":{"meta":{"message":"no"},"data":{"message":"Taken","field":"path"}}}'))
		const error = await http.put('/x', {}).catch((e: unknown) => e)
		expect(isAxiosError(error)).toBe(true)
		expect(error).toMatchObject({ message: 'Request failed with status code 409', response: { status: 409, data: { ocs: { data: { field: 'path' } } } } })
	})

	it('keeps an answer that is not JSON as text, and tells a network failure by its missing response', async () => {
		useFetch(answer(500, 'Internal Server Error'))
		await expect(http.delete('/x')).rejects.toMatchObject({ response: { status: 500, data: 'Internal Server Error' } })
		useFetch(jest.fn().mockRejectedValue(new TypeError('Failed to fetch')))
		const error = await http.get('/x').catch((e: unknown) => e)
		expect(isAxiosError(error)).toBe(true)
		expect(error).toMatchObject({ message: 'Failed to fetch', response: undefined })
		expect(isAxiosError(new Error('plain'))).toBe(false)
	})
})
