// pmg-workbench: the Qt 6 + Dear ImGui desktop application. Never links LibTorch:
// training runs as `pmg` subprocesses.
#include <QApplication>

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
  return app.exec();
}
