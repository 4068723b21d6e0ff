/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// What both browser tests check of Mirror's own parts of a page: axe-core (npm, injected into the
// page; no browser is downloaded) finds no serious or critical violation, and at a desktop's width
// (1280 px) and a phone's (390 px) nothing is wider than the window (no sideways scrolling), with a
// screenshot of each.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export const WIDTHS = [1280, 390]

/**
 * Runs axe-core on the elements matching `selector` (Mirror's part of the page: the server's own
 * chrome is not ours, and here it lacks its built bundles) and fails on a serious or critical violation.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {string} label for the messages
 * @return {Promise<number>} how many rules passed
 */
export async function assertAccessible(page, selector, label) {
	// a dialog fading in has not its colours yet: axe would measure the contrast of a half-drawn frame
	await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))))
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
		await page.addScriptTag({ path: axePath })
	}
	const results = await page.evaluate(async (include) => {
		const r = await window.axe.run({ include: [include] }, { resultTypes: ['violations'] })
		return {
			passes: r.passes.length,
			violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) })),
		}
	}, selector)
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
	const minor = results.violations.filter((v) => !bad.includes(v))
	if (minor.length > 0) {
		console.log(`axe ${label}: minor/moderate:`, JSON.stringify(minor.map((v) => [v.id, v.impact, v.nodes.length])))
	}
	assert.deepEqual(bad, [], `axe-core: serious or critical violations in ${label}`)
	return results.passes
}

/**
 * At each width: the page (or `scroller`, an element standing for the window) is no wider than the
 * window; a screenshot is saved as `${name}-${width}.png`. Elements sticking out are named on failure.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} shots the folder for the screenshots
 * @param {string} name
 * @param {{ height?: number, settle?: () => Promise<void> }} options
 */
export async function assertFitsEveryWidth(page, shots, name, { height = 900, settle = async () => {} } = {}) {
	const original = page.viewportSize()
	try {
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height })
			await settle()
			await page.waitForTimeout(300) // layout and transitions
			await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true })
			const fit = await page.evaluate(() => {
				const inner = window.innerWidth
				const wide = [...document.querySelectorAll('body *')]
					.filter((el) => {
						const box = el.getBoundingClientRect()
						return box.width > 0 && box.right > inner + 1 && getComputedStyle(el).position !== 'fixed'
					})
					.slice(0, 8)
					.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right ${Math.round(el.getBoundingClientRect().right)})`)
				return { scrollWidth: document.documentElement.scrollWidth, inner, wide }
			})
			assert.ok(fit.scrollWidth <= fit.inner, `${name} at ${width} px: the page is ${fit.scrollWidth} px wide for a ${fit.inner} px window; sticking out: ${fit.wide.join(', ')}`)
		}
	} finally {
		if (original) {
			await page.setViewportSize(original)
		}
	}
}
