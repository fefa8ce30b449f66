#include "imgui_impl_qt.h"

#include <imgui.h>

#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QObject>
#include <QWheelEvent>
#include <QWidget>
#include <functional>
#include <vector>

namespace {

struct BackendData;

/// Event filter that queues ImGui input updates and requests a redraw.
class InputFilter : public QObject {
 public:
  explicit InputFilter(BackendData* data) : data_(data) {}
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  BackendData* data_;
};

struct BackendData {
  QWidget* widget = nullptr;
  InputFilter* filter = nullptr;
  QElapsedTimer timer;
  std::vector<std::function<void(ImGuiIO&)>> queue;
  std::string clipboard;
};

BackendData* backend() {
  return ImGui::GetCurrentContext()
             ? static_cast<BackendData*>(ImGui::GetIO().BackendPlatformUserData)
             : nullptr;
}

int keyIndex(int qt_key) {
  // ImGui 1.86 legacy key map: we use indices below 512 of io.KeysDown.
  switch (qt_key) {
    case Qt::Key_Tab:
      return 1;
    case Qt::Key_Left:
      return 2;
    case Qt::Key_Right:
      return 3;
    case Qt::Key_Up:
      return 4;
    case Qt::Key_Down:
      return 5;
    case Qt::Key_PageUp:
      return 6;
    case Qt::Key_PageDown:
      return 7;
    case Qt::Key_Home:
      return 8;
    case Qt::Key_End:
      return 9;
    case Qt::Key_Insert:
      return 10;
    case Qt::Key_Delete:
      return 11;
    case Qt::Key_Backspace:
      return 12;
    case Qt::Key_Space:
      return 13;
    case Qt::Key_Return:
      return 14;
    case Qt::Key_Enter:
      return 15;
    case Qt::Key_Escape:
      return 16;
    case Qt::Key_A:
      return 17;
    case Qt::Key_C:
      return 18;
    case Qt::Key_V:
      return 19;
    case Qt::Key_X:
      return 20;
    case Qt::Key_Y:
      return 21;
    case Qt::Key_Z:
      return 22;
    default:
      return -1;
  }
}

void setModifiers(ImGuiIO& io, Qt::KeyboardModifiers m) {
  io.KeyCtrl = m & Qt::ControlModifier;
  io.KeyShift = m & Qt::ShiftModifier;
  io.KeyAlt = m & Qt::AltModifier;
  io.KeySuper = m & Qt::MetaModifier;
}

bool InputFilter::eventFilter(QObject* watched, QEvent* event) {
  auto& q = data_->queue;
  switch (event->type()) {
    case QEvent::MouseMove: {
      const QPointF p = static_cast<QMouseEvent*>(event)->position();
      q.push_back([p](ImGuiIO& io) { io.MousePos = ImVec2(float(p.x()), float(p.y())); });
      break;
    }
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick: {
      auto* e = static_cast<QMouseEvent*>(event);
      const bool down = event->type() != QEvent::MouseButtonRelease;
      const int b = e->button() == Qt::LeftButton     ? 0
                    : e->button() == Qt::RightButton  ? 1
                    : e->button() == Qt::MiddleButton ? 2
                                                      : -1;
      const QPointF p = e->position();
      if (b >= 0)
        q.push_back([b, down, p](ImGuiIO& io) {
          io.MousePos = ImVec2(float(p.x()), float(p.y()));
          io.MouseDown[b] = down;
        });
      break;
    }
    case QEvent::Wheel: {
      auto* e = static_cast<QWheelEvent*>(event);
      const QPoint px = e->pixelDelta();
      const float dx = px.isNull() ? e->angleDelta().x() / 120.0f : px.x() / 15.0f;
      const float dy = px.isNull() ? e->angleDelta().y() / 120.0f : px.y() / 15.0f;
      q.push_back([dx, dy](ImGuiIO& io) {
        io.MouseWheelH += dx;
        io.MouseWheel += dy;
      });
      break;
    }
    case QEvent::KeyPress:
    case QEvent::KeyRelease: {
      auto* e = static_cast<QKeyEvent*>(event);
      const bool down = event->type() == QEvent::KeyPress;
      const int k = keyIndex(e->key());
      const auto mods = e->modifiers();
      const QString text = e->text();
      q.push_back([k, down, mods, text](ImGuiIO& io) {
        if (k >= 0) io.KeysDown[k] = down;
        setModifiers(io, mods);
        if (down)
          for (QChar c : text)
            if (c.isPrint()) io.AddInputCharacter(c.unicode());
      });
      break;
    }
    case QEvent::FocusOut:
    case QEvent::Leave:
      q.push_back([](ImGuiIO& io) {
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        for (bool& d : io.MouseDown) d = false;
      });
      break;
    default:
      return QObject::eventFilter(watched, event);
  }
  data_->widget->update();
  return QObject::eventFilter(watched, event);
}

const char* getClipboard(void* user) {
  auto* d = static_cast<BackendData*>(user);
  d->clipboard = QGuiApplication::clipboard()->text().toStdString();
  return d->clipboard.c_str();
}

void setClipboard(void*, const char* text) {
  QGuiApplication::clipboard()->setText(QString::fromUtf8(text));
}

}  // namespace

bool ImGui_ImplQt_Init(QWidget* widget) {
  ImGuiIO& io = ImGui::GetIO();
  auto* d = new BackendData();
  d->widget = widget;
  d->filter = new InputFilter(d);
  d->timer.start();
  io.BackendPlatformUserData = d;
  io.BackendPlatformName = "imgui_impl_qt";
  for (int i = 0; i < ImGuiKey_COUNT; ++i) io.KeyMap[i] = -1;
  const int map[][2] = {{ImGuiKey_Tab, 1},      {ImGuiKey_LeftArrow, 2}, {ImGuiKey_RightArrow, 3},
                        {ImGuiKey_UpArrow, 4},  {ImGuiKey_DownArrow, 5}, {ImGuiKey_PageUp, 6},
                        {ImGuiKey_PageDown, 7}, {ImGuiKey_Home, 8},      {ImGuiKey_End, 9},
                        {ImGuiKey_Insert, 10},  {ImGuiKey_Delete, 11},   {ImGuiKey_Backspace, 12},
                        {ImGuiKey_Space, 13},   {ImGuiKey_Enter, 14},    {ImGuiKey_KeyPadEnter, 15},
                        {ImGuiKey_Escape, 16},  {ImGuiKey_A, 17},        {ImGuiKey_C, 18},
                        {ImGuiKey_V, 19},       {ImGuiKey_X, 20},        {ImGuiKey_Y, 21},
                        {ImGuiKey_Z, 22}};
  for (const auto& m : map) io.KeyMap[m[0]] = m[1];
  io.GetClipboardTextFn = getClipboard;
  io.SetClipboardTextFn = setClipboard;
  io.ClipboardUserData = d;
  widget->setMouseTracking(true);
  widget->setFocusPolicy(Qt::StrongFocus);
  widget->installEventFilter(d->filter);
  return true;
}

void ImGui_ImplQt_Shutdown() {
  BackendData* d = backend();
  if (!d) return;
  d->widget->removeEventFilter(d->filter);
  delete d->filter;
  ImGui::GetIO().BackendPlatformUserData = nullptr;
  delete d;
}

void ImGui_ImplQt_NewFrame() {
  BackendData* d = backend();
  ImGuiIO& io = ImGui::GetIO();
  const qreal dpr = d->widget->devicePixelRatioF();
  io.DisplaySize = ImVec2(float(d->widget->width()), float(d->widget->height()));
  io.DisplayFramebufferScale = ImVec2(float(dpr), float(dpr));
  const qint64 ns = d->timer.nsecsElapsed();
  d->timer.restart();
  io.DeltaTime = std::max(1e-4f, float(ns) * 1e-9f);
  for (auto& f : d->queue) f(io);
  d->queue.clear();
  switch (ImGui::GetMouseCursor()) {
    case ImGuiMouseCursor_TextInput:
      d->widget->setCursor(Qt::IBeamCursor);
      break;
    case ImGuiMouseCursor_ResizeEW:
      d->widget->setCursor(Qt::SizeHorCursor);
      break;
    case ImGuiMouseCursor_ResizeNS:
      d->widget->setCursor(Qt::SizeVerCursor);
      break;
    case ImGuiMouseCursor_Hand:
      d->widget->setCursor(Qt::PointingHandCursor);
      break;
    default:
      d->widget->setCursor(Qt::ArrowCursor);
      break;
  }
}
