<?php

// Classes of the server outside OCP that apps may name (events of shipped apps).
namespace OCA\Files\Event {
	class LoadAdditionalScriptsEvent extends \OCP\EventDispatcher\Event {
	}
	class LoadSidebar extends \OCP\EventDispatcher\Event {
	}
}

namespace OCA\DAV\Events {
	class SabrePluginAddEvent extends \OCP\EventDispatcher\Event {
		public function getServer(): \Sabre\DAV\Server {
		}
	}
}

namespace OC\Hooks {
	interface Emitter {
		public function listen($scope, $method, callable $callback);
		public function removeListener($scope = null, $method = null, ?callable $callback = null);
	}
}

// What OCP\AppFramework\Db\TTransactional::atomicRetry() catches (the server's wrapper of DBAL errors).
namespace OC\DB\Exceptions {
	class DbalException extends \OCP\DB\Exception {
		public function isRetryable(): bool {
		}
	}
}
