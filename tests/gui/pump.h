// Event-loop helpers shared by the GUI tests.
#pragma once
#include <QApplication>
#include <QElapsedTimer>
#include <functional>

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

}  // namespace pmg::test
