# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
#   make        installs every dependency (system packages, Composer, npm) and builds the front end
#   make test   runs every test: PHP lint, coding standard, Psalm, PHPUnit, Jest, vue-tsc,
#               the integration suite and the browser test (those two need NEXTCLOUD_ROOT)
#   make demo   with NEXTCLOUD_ROOT: a throwaway instance showing the whole story, left running
#
# NEXTCLOUD_ROOT names a Nextcloud 32 server tree (read-only). Unit tests and Psalm load
# Nextcloud's public API from it; without it they, and the suites that drive a real server,
# say plainly that they were skipped.

SHELL := /bin/bash
.DEFAULT_GOAL := all

ifeq ($(NEXTCLOUD_ROOT),)
NEXTCLOUD_ROOT := $(shell for d in /opt/nextcloud /var/www/nextcloud; do [ -f $$d/lib/public/IConfig.php ] && echo $$d && break; done)
endif
export NEXTCLOUD_ROOT

.PHONY: all deps system-deps composer-deps npm-deps build test test-php lint cs psalm unit \
	test-js jest typecheck integration browser demo bench clean

all: deps build

deps: system-deps composer-deps npm-deps

system-deps:
	tools/system-deps.sh

composer-deps:
	composer install --no-interaction --no-progress

npm-deps:
	npm ci --no-audit --no-fund

build:
	npm run build

test: test-php test-js integration browser

test-php: lint cs psalm unit

lint:
	@find lib tests -name '*.php' -not -path 'tests/stubs/*' -print0 | xargs -0 -n 1 -P 2 php -l -d display_errors=stderr >/dev/null && echo "php lint: ok"

cs:
	vendor/bin/php-cs-fixer fix --dry-run --diff

psalm:
	@if [ -z "$(NEXTCLOUD_ROOT)" ]; then echo "psalm SKIPPED: NEXTCLOUD_ROOT not set (Psalm reads Nextcloud's public API from the server tree)"; \
	else mkdir -p build && ln -sfn "$(NEXTCLOUD_ROOT)" build/server && vendor/bin/psalm --no-cache --threads=2 --no-progress; fi

unit:
	@if [ -z "$(NEXTCLOUD_ROOT)" ]; then echo "PHPUnit unit tests SKIPPED: NEXTCLOUD_ROOT not set (they mock Nextcloud's public API, read from the server tree)"; \
	else vendor/bin/phpunit -c tests/phpunit.xml; fi

test-js: jest typecheck

jest:
	npm test -- --ci

typecheck:
	npm run typecheck

integration:
	tests/Integration/run.sh

browser:
	@if [ -x tests/Browser/run.sh ]; then tests/Browser/run.sh; else echo "browser test: none yet"; fi

demo:
	tests/Integration/demo.sh

bench:
	bench/run.sh

clean:
	rm -rf build js/mirror-*.js* .phpunit.cache
