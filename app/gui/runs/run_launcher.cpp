#include "runs/run_launcher.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include "pmg/runs/run_status.h"

namespace pmg::gui {

qint64 launchDetachedRun(const QString& program, const QStringList& args, const QString& run_dir,
                         QString* error) {
  if (!QDir().mkpath(run_dir)) {
    if (error) *error = "cannot create " + run_dir;
    return -1;
  }
  // A new launch: the previous process's exit status and heartbeat no longer apply.
  QFile::remove(QString::fromStdString(exitStatusPath(run_dir.toStdString())));
  // The shell waits for pmg and records how it ended, even when pmg dies on a signal.
  const QString script =
      "run=\"$1\"; shift; \"$@\" < /dev/null > /dev/null 2>> \"$run/stderr.log\"; "
      "echo $? > \"$run/exit_status.tmp\" && mv \"$run/exit_status.tmp\" \"$run/exit_status\"";
  QProcess process;
  process.setProgram("/bin/sh");
  process.setArguments(QStringList{"-c", script, "pmg-run", run_dir, program} + args);
  qint64 pid = -1;
  if (!process.startDetached(&pid)) {  // Qt detaches into a new session (setsid)
    if (error) *error = "cannot start " + program + ": " + process.errorString();
    return -1;
  }
  QFile f(run_dir + "/launcher.pid");
  if (f.open(QIODevice::WriteOnly)) f.write(QByteArray::number(pid) + "\n");
  return pid;
}

bool runIsAlive(const QString& run_dir) {
  const auto status = readRunStatus(run_dir.toStdString());
  if (status.state == RunState::Running) return true;
  if (status.state != RunState::Unknown || status.exit_code >= 0) return false;
  QFile f(run_dir + "/launcher.pid");  // started, no heartbeat yet (or not a pmg that writes one)
  if (!f.open(QIODevice::ReadOnly)) return false;
  return processAlive(f.readAll().trimmed().toInt());
}

void requestStop(const QString& run_dir) {
  sendRunCommand(run_dir.toStdString(), "stop");
}

}  // namespace pmg::gui
