// Starts `pmg train` detached from the GUI: its own session (setsid), stdin from
// /dev/null, stderr to RUN/stderr.log, and a shell that records the exit status in
// RUN/exit_status. Closing or killing the GUI never stops such a run; it is controlled
// through RUN/control and observed through RUN/heartbeat.json (pmg/run_status.h).
#pragma once
#include <QString>
#include <QStringList>

namespace pmg::gui {

/// Launches `program args...` detached for the run in `run_dir` (created if needed).
/// Returns the launcher's pid (also written to RUN/launcher.pid), or -1 with `error` set.
qint64 launchDetachedRun(const QString& program, const QStringList& args, const QString& run_dir,
                         QString* error);

/// True while the run in `run_dir` is alive: its heartbeat says running and the process
/// exists, or its launcher (RUN/launcher.pid) has not yet recorded an exit status.
bool runIsAlive(const QString& run_dir);

/// Asks the run to checkpoint and stop (through RUN/control).
void requestStop(const QString& run_dir);

}  // namespace pmg::gui
