// pmg-workbench: the Qt 6 + Dear ImGui desktop application. Never links LibTorch:
// training runs as detached `pmg` processes.
#include <QApplication>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <memory>

#include "pmg/base/allocator.h"
#include "shell/main_window.h"

namespace {

/// --screenshot-panels DIR: at each window size, let the clip play, save one PNG per
/// panel into DIR/WxH/, then quit (live runs keep training).
void scheduleScreenshots(pmg::gui::MainWindow& window, const QString& dir) {
  const QList<QSize> sizes = {QSize(1280, 720), QSize(1920, 1080)};
  auto next = std::make_shared<std::function<void(int)>>();
  *next = [&window, dir, sizes, next](int i) {
    if (i == int(sizes.size())) {
      window.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
      QApplication::quit();
      return;
    }
    window.resize(sizes[i]);
    QTimer::singleShot(2500, &window, [&window, dir, sizes, next, i] {
      const QString sub = QString("%1/%2x%3").arg(dir).arg(sizes[i].width()).arg(sizes[i].height());
      for (const QString& f : window.savePanelScreenshots(sub))
        std::printf("%s\n", f.toLocal8Bit().constData());
      (*next)(i + 1);
    });
  };
  QTimer::singleShot(3000, &window, [next] { (*next)(0); });
}

}  // namespace

int main(int argc, char** argv) {
  pmg::configureAllocatorForClips();
  pmg::gui::useCoreProfileByDefault();
  QApplication::setOrganizationName("PMG Workbench");
  QApplication::setApplicationName("pmg-workbench");
  QApplication app(argc, argv);
  pmg::gui::MainWindow window;
  window.show();
  const QStringList args = QApplication::arguments();
  const int at = int(args.indexOf("--screenshot-panels"));
  if (at >= 0 && at + 1 < args.size()) scheduleScreenshots(window, args[at + 1]);
  return app.exec();
}
