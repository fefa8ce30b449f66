// `pmg train --nproc N` / `--gpus N`: starts N local ranks of this very command line.
#pragma once

namespace pmg::cli {

/// Re-runs the current command line N times without --nproc/--gpus, with RANK,
/// WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT set (a free local port), and
/// `--device cuda` per rank when `on_gpus`. Rank 0 keeps stdin/stdout (events, stop);
/// SIGINT/SIGTERM are forwarded. Returns the worst exit status.
int launchLocalRanks(int ranks, bool on_gpus);

}  // namespace pmg::cli
