// pmg-workbench: the Qt 6 + Dear ImGui desktop application. Never links LibTorch:
// training runs as `pmg` subprocesses.
#include <QApplication>
#include <QTimer>
#include <cstdio>

#include "main_window.h"
#include "pmg/allocator.h"

int main(int argc, char** argv) {
  pmg::configureAllocatorForClips();
  pmg::gui::useCoreProfileByDefault();
  QApplication::setOrganizationName("PMG Workbench");
  QApplication::setApplicationName("pmg-workbench");
  QApplication app(argc, argv);
  pmg::gui::MainWindow window;
  window.show();
  // --screenshot-panels DIR: let the first clip play, save one PNG per panel, quit.
  const QStringList args = QApplication::arguments();
  const int at = int(args.indexOf("--screenshot-panels"));
  if (at >= 0 && at + 1 < args.size()) {
    const QString dir = args[at + 1];
    QTimer::singleShot(4000, &window, [&window, dir] {
      for (const QString& f : window.savePanelScreenshots(dir))
        std::printf("%s\n", f.toLocal8Bit().constData());
      QApplication::quit();
    });
  }
  return app.exec();
}
