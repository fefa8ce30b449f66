// The Experiments dock's side of the runner protocol: the `pmg experiment run` command line
// the dock launches, and whether a runner is alive in an experiment folder (logs/runner.json).
#pragma once
#include <QString>
#include <QStringList>

namespace pmg::gui {

/// What the dock asks `pmg experiment run` to do.
struct ExperimentRunRequest {
  QString file;   ///< the experiment file
  QString dir;    ///< the experiment folder (--out)
  QString scale;  ///< "" = the file as written
  int parallel = 1;
  QString reuse;  ///< experiment folders whose pre-trainings are reused, ';' between
};

/// The arguments of `pmg` for `request`: experiment run FILE --out DIR --parallel N
/// [--scale S] [--reuse-pretrainings D]...
QStringList experimentRunArguments(const ExperimentRunRequest& request);

/// The pid of the live experiment runner working on `dir`, or 0.
int experimentRunnerPid(const QString& dir);

}  // namespace pmg::gui
