// Event-loop helpers shared by the GUI tests.
#pragma once
#include <QApplication>
#include <QElapsedTimer>
#include <functional>

#include "shell/main_window.h"
#include "viewport/viewport_widget.h"

namespace pmg::test {

/// Processes events until `done` is true or `ms` milliseconds passed; returns done().
inline bool pumpUntil(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    if (done()) return true;
    QApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  return done();
}

/// Turns the event loop for `ms` milliseconds: only where a test observes that nothing
/// happens while idle (no verdict waits on it for work to finish).
inline void idle(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

/// Waits (bounded, not measured) until the window's start-up work is shown: a clip made and
/// painted in the viewport.
inline bool started(pmg::gui::MainWindow& w) {
  return pumpUntil(
      [&] { return !w.preview().clip().clip.empty() && w.viewport()->paintedFrames() > 0; }, 60000);
}

}  // namespace pmg::test
