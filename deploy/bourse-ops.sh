#!/usr/bin/env bash
# bourse-ops: the operators' command line for a Bourse cluster (dev.bourse.node.ops.BourseOps).
#
#   deploy/bourse-ops.sh status [--json]                 each member's role, term, positions, checkpoint, hashes
#   deploy/bourse-ops.sh snapshot | suspend | resume     Aeron's ClusterControl toggle on the leader, waited for
#   deploy/bourse-ops.sh compact                         purge the log up to the latest snapshot on every member
#   deploy/bourse-ops.sh drill --fault kill-leader ...   a failover drill under load, with a report
#   deploy/bourse-ops.sh COMMAND --help                  the options of each command
#
# Builds what is missing first (as deploy/local-cluster.sh does) and runs with the --add-opens Aeron needs. The
# local cluster (deploy/local-cluster.sh's run directory, BOURSE_RUN_DIR) is the default; --members or --config pick
# a configured cluster. See deploy/README.md.
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/local-cluster.sh" ops "$@"
