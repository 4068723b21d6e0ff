# SPDX-FileCopyrightText: 2026 Mirror contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
#   make        installs every dependency (system packages, Composer, npm) and builds the front end
#   make test   runs every test: the generated contracts, PHP lint, coding standard, Psalm, PHPUnit, Jest,
#               vue-tsc, the integration suite (on SQLite, and its SQL selection on MariaDB and PostgreSQL, in one
#               parallel pool: make integration-all) and the browser test (those two need NEXTCLOUD_ROOT)
#   make integration   the integration suite on SQLite; make integration-databases   its SQL selection on MariaDB
#               and PostgreSQL (both in parallel too: MIRROR_IT_JOBS processes, default one more than the cores)
#   make openapi    regenerates openapi*.json (`composer run openapi`) and src/types/openapi/ (`npm run typegen`)
#   make contracts  the same, then fails when a committed file differs from what the generators wrote
#   make l10n   extracts every t()/n() string into translationfiles/templates/mirror.pot, writes l10n/<lang>.js from
#               l10n/<lang>.json (the source of each language) and reports what each language lacks
#   make l10n-check   fails on a string de, fr or es lacks, a stale one, a broken placeholder, a call it cannot read
#   make release    build/release/mirror-<version>.tar.gz, the archive the App Store takes (tools/release.sh)
#   make sign   with MIRROR_SIGN_KEY and MIRROR_SIGN_CERT: signs it (occ integrity:sign-app, tools/sign.sh)
#   make demo   with NEXTCLOUD_ROOT: a throwaway instance showing the whole story, left running
#   make bench, make bench-scale, make bench-workers, make bench-paired REV=…   the benchmarks (bench/README.md)
#   make bench-pi   the Pi-class profile, as root: one core, the target on a loop device throttled to USB 2 speeds
#
# The Nextcloud 32.0.1 server tree (read-only) comes from tools/server-tree.sh: NEXTCLOUD_ROOT when set,
# else build/nextcloud/, unpacked by `make` from ../shared/nextcloud/nextcloud-32.0.1.tar.xz (or
# NEXTCLOUD_ARCHIVE) after checking its sha256. Unit tests and Psalm load Nextcloud's public API from it;
# the integration suite, the browser test, `make demo` and `make bench` run instances from it.
# Without a tree a suite says it was skipped; with MIRROR_NO_SKIP=1 (CI) it fails instead.

SHELL := /bin/bash
.DEFAULT_GOAL := all

with_server := tools/with-server.sh

.PHONY: all deps system-deps server-tree composer-deps npm-deps build test test-php lint cs psalm unit \
	openapi contracts l10n l10n-check release appstore sign \
	test-js jest budgets typecheck integration integration-databases integration-all browser demo bench bench-paired bench-pi bench-workers bench-scale clean

# `make` and `make test` run their steps through tools/steps.sh, which prints each step's wall time at the end
# (and adds them to MIRROR_STEP_LOG: .ci/run sums up a CI run with them).
all_steps := system-deps server-tree composer-deps npm-deps build

all:
	@MAKE='$(MAKE)' tools/steps.sh make $(all_steps)

deps: system-deps server-tree composer-deps npm-deps

system-deps:
	tools/system-deps.sh

server-tree:
	@echo "Nextcloud server tree: $$(tools/server-tree.sh)"

composer-deps:
	composer install --no-interaction --no-progress

npm-deps:
	npm ci --no-audit --no-fund

build:
	npm run build

# The App Store's archive, built from the checkout's PHP and the built front end (the build checks the
# bundle budgets in webpack.config.js). appstore is the name Nextcloud's app templates use.
release: build
	tools/release.sh

appstore: release

sign:
	tools/sign.sh

# CI (.ci/run: make, then make test, on a fresh 2-core machine) must stay under 45 minutes: the integration suite
# on SQLite and the SQL selection on MariaDB and PostgreSQL share one pool of parallel phpunit processes.
php_steps := lint cs psalm unit
js_steps := jest budgets typecheck l10n-check
test_steps := contracts $(php_steps) $(js_steps) integration-all browser

test:
	@MAKE='$(MAKE)' tools/steps.sh "make test" $(test_steps)

# The API contracts: openapi*.json from lib/ResponseDefinitions.php and the controllers (Nextcloud's
# openapi-extractor, installed into build/ by tools/openapi-extractor.sh), and the TypeScript types from
# openapi-full.json (openapi-typescript). `make contracts` fails on a committed file the generators would change.
contract_files := openapi.json openapi-administration.json openapi-full.json src/types/openapi

openapi:
	composer run openapi
	npm run typegen

contracts: openapi
	@changed="$$(git status --porcelain --untracked-files=all -- $(contract_files))"; \
	if [ -n "$$changed" ]; then \
		echo "contracts: the generated files differ from the committed ones (run make openapi and commit them):"; \
		echo "$$changed"; git --no-pager diff --stat -- $(contract_files); exit 1; \
	fi; echo "contracts: openapi*.json and src/types/openapi/ are what the generators write"

test-php: $(php_steps)

# Translations (tools/l10n.js): the template the translation tool reads, and l10n/<lang>.js from l10n/<lang>.json
l10n:
	node tools/l10n.js update

l10n-check:
	node tools/l10n.js check

lint:
	@find lib tests -name '*.php' -not -path 'tests/stubs/*' -print0 | xargs -0 -n 1 -P 2 php -l -d display_errors=stderr >/dev/null && echo "php lint: ok"

cs:
	vendor/bin/php-cs-fixer fix --dry-run --diff

psalm:
	@mkdir -p build
	$(with_server) Psalm bash -c 'ln -sfn "$$NEXTCLOUD_ROOT" build/server && vendor/bin/psalm --no-cache --threads=2 --no-progress'

unit:
	$(with_server) "PHPUnit unit tests" vendor/bin/phpunit -c tests/phpunit.xml

test-js: $(js_steps)

jest:
	npm test -- --ci

# the bundle budget check itself (tools/bundle-budgets.js) on small real webpack builds
budgets:
	npm run test:budgets

typecheck:
	npm run typecheck

integration:
	$(with_server) "integration suite" tests/Integration/run.sh

# The suites that touch SQL concurrency and migrations, again on MariaDB and on PostgreSQL (a private server per
# class, MIRROR_DB): claims and dead workers (CrashSafety, BatchCrash), tripwire counts and holds
# (SafetyNetCounts; the rest of SafetyNet, its 300-photo drill above all, is not SQL: SQLite only), restore jobs
# (WholeServerRestore), the app's migrations on an installed server (LateEnable; UpgradeTest from the release
# branch, matched once it is merged), 4-byte UTF-8 names (EmojiNames).
# The concurrent workers run there in `make integration` already: ConcurrencyPostgresTest and
# ConcurrencyMariaDbTest pin their database.
db_selection := (CrashSafetyTest|BatchCrashTest|SafetyNetCountsTest|WholeServerRestoreTest|LateEnableTest|UpgradeTest|EmojiNamesTest)

integration-databases:
	$(with_server) "integration suite on MariaDB and PostgreSQL (SQL selection)" tests/Integration/run.sh \
		--plan 'mysql:$(db_selection)' --plan 'pgsql:$(db_selection)'

# Both in one pool (tests/Integration/run.sh --plan): the longest classes of all three start first (timings.json),
# MIRROR_IT_JOBS at a time; the run ends with its slowest classes and the total.
integration-all:
	$(with_server) "integration suite (SQLite; the SQL selection on MariaDB and PostgreSQL)" tests/Integration/run.sh \
		--plan sqlite --plan 'mysql:$(db_selection)' --plan 'pgsql:$(db_selection)'

browser:
	$(with_server) "browser test" tests/Browser/run.sh

demo:
	$(with_server) "make demo" tests/Integration/demo.sh

bench:
	$(with_server) "make bench" bench/run.sh

bench-workers:
	$(with_server) "make bench-workers" bench/workers.sh

bench-pi:
	$(with_server) "make bench-pi" bench/pi.sh

# make bench-paired REV=09cb08b [ROUNDS=11 PHOTOS=2000]: that revision's engine against this checkout, round by round
bench-paired:
	$(with_server) "make bench-paired" bench/paired.sh "$(REV)" $(ROUNDS) $(PHOTOS)

bench-scale:
	$(with_server) "make bench-scale" bench/scale.sh

clean:
	rm -rf build/server build/release js/mirror-*.js* .phpunit.cache  # build/nextcloud (the server tree) stays
