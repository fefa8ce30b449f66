// The GUI tests' main: a QApplication with fresh settings, as on a new user's machine.
#include <gtest/gtest.h>

#include <QApplication>
#include <QTemporaryDir>

#include "shell/main_window.h"

int main(int argc, char** argv) {
  // Fresh settings for every run of the suite, as on a new user's machine.
  QTemporaryDir config_home;
  qputenv("XDG_CONFIG_HOME", config_home.path().toLocal8Bit());
  pmg::gui::useCoreProfileByDefault();
  QApplication::setOrganizationName("PMG Workbench Tests");
  QApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
