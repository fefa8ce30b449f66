// pmg-shader-worker: judges shader programs sent as JSON lines on stdin and answers
// on stdout. Runs in its own process so a hanging shader can be killed (ProbeWorker).
#include <unistd.h>

#include "pmg/render/probe_worker.h"

int main() {
  return pmg::render::runProbeWorker(STDIN_FILENO, STDOUT_FILENO);
}
