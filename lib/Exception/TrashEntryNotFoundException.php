<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * An earlier version or deleted file asked for that is not the current user's, not of the file or
 * folder asked about, or not kept on an enabled mirror drive: for the user, it does not exist.
 */
class TrashEntryNotFoundException extends \RuntimeException {
}
