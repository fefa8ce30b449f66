// The runner protocol as the Experiments dock sees it (see experiment_runner.h).
#include "experiments/experiment_runner.h"

#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_status.h"

namespace pmg::gui {

QStringList experimentRunArguments(const ExperimentRunRequest& r) {
  QStringList args{
      "experiment", "run", r.file, "--out", r.dir, "--parallel", QString::number(r.parallel)};
  if (!r.scale.isEmpty()) args << "--scale" << r.scale;
  for (const QString& source : r.reuse.split(';', Qt::SkipEmptyParts))
    if (!source.trimmed().isEmpty()) args << "--reuse-pretrainings" << source.trimmed();
  return args;
}

int experimentRunnerPid(const QString& dir) {
  const auto r = readJsonOrNull((dir + "/logs/runner.json").toStdString());
  if (!r.is_object() || r.contains("end")) return 0;
  const int pid = r.value("pid", 0);
  return pid > 0 && processAlive(pid) ? pid : 0;
}

}  // namespace pmg::gui
