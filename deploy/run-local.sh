#!/usr/bin/env bash
# The main command: build what is missing, start a fresh three-member cluster on 127.0.0.1, run the trading demo
# through the client SDK, print what happens, and stop everything (also on failure or Ctrl-C).
# Exits 0 only if the demo saw the fills it expects. See deploy/README.md; BOURSE_PORT_BASE moves the ports.
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/local-cluster.sh" demo "$@"
