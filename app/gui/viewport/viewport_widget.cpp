// epoxy must come before any header that pulls in GL/gl.h (QOpenGLWidget does).
#include <epoxy/gl.h>

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include "viewport/viewport_widget.h"

#include <QDir>
#include <QOpenGLContext>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>

#include "imgui_qt/imgui_impl_qt.h"
#include "imgui_qt/imgui_layout.h"
#include "shaders/shader_preview_client.h"
#include "source/pmg_panel.h"

namespace pmg::gui {

ViewportWidget::ViewportWidget(PmgPreview* preview, QWidget* parent)
    : QOpenGLWidget(parent), preview_(preview) {
  setMinimumSize(320, 240);
  // The ImGui panel layout persists beside the Qt settings.
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
  QDir().mkpath(dir);
  ini_path_ = (dir + "/imgui.ini").toStdString();
  layout_.setAutomatic(QSettings().value("viewport/auto_layout", true).toBool());
  preview_client_ = std::make_unique<ShaderPreviewClient>([this] {
    QMetaObject::invokeMethod(
        this, [this] { update(); }, Qt::QueuedConnection);
  });
  timer_.setInterval(16);
  clock_.start();
  clock_total_.start();
  connect(&timer_, &QTimer::timeout, this, [this] {
    // Real elapsed time, so playback keeps its fps when the event loop is late.
    const double dt = std::min(0.5, clock_.restart() / 1000.0);
    if (throttled()) {  // a CPU training run needs the cores more than the preview does
      throttle_wait_ += dt;
      if (throttle_wait_ < 0.5) return;
      throttle_wait_ = 0.0;
    }
    const bool clip_changed = preview_->advance(dt);
    const bool animating = preview_playing_ && !preview_source_.empty();
    if (animating) preview_time_ += float(dt) * preview_speed_;
    if (clip_changed || animating) update();  // redraw only what animates
  });
  timer_.start();
}

ViewportWidget::~ViewportWidget() {
  makeCurrent();
  cleanup();
  doneCurrent();
}

void ViewportWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &ViewportWidget::cleanup,
          Qt::UniqueConnection);
  IMGUI_CHECKVERSION();
  imgui_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(imgui_);
  ImGui::GetIO().IniFilename = ini_path_.c_str();
  ImGui::StyleColorsDark();
  ImGui_ImplQt_Init(this);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  for (unsigned* t : {&texture_, &filmstrip_texture_, &preview_texture_}) {
    glGenTextures(1, t);
    glBindTexture(GL_TEXTURE_2D, *t);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  }
  dirty_clip_ = true;
}

void ViewportWidget::cleanup() {
  if (!imgui_) return;
  makeCurrent();
  emit contextAboutToBeLost();
  ImGui::SetCurrentContext(imgui_);
  glDeleteTextures(1, &texture_);
  glDeleteTextures(1, &filmstrip_texture_);
  glDeleteTextures(1, &preview_texture_);
  texture_ = filmstrip_texture_ = preview_texture_ = 0;
  preview_has_frame_ = false;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplQt_Shutdown();
  ImGui::DestroyContext(imgui_);
  imgui_ = nullptr;
}

void ViewportWidget::setPreviewShader(const std::string& source, const std::string& common) {
  preview_source_ = source;
  preview_common_ = common;
  preview_dirty_ = true;
  preview_error_.clear();
  update();
}

void ViewportWidget::drawShaderPreview() {
  if (preview_source_.empty()) return;
  // The program runs in the shader worker (ShaderPreviewClient): a frame finished there
  // is uploaded here; the newest wanted frame is asked for whenever the worker is free.
  cv::Mat frame;
  std::string error;
  double ms = 0.0;
  if (preview_client_->take(&frame, &error, &ms)) {
    preview_error_ = error;
    if (!frame.empty()) {
      glBindTexture(GL_TEXTURE_2D, preview_texture_);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, frame.cols, frame.rows, 0, GL_RGB, GL_UNSIGNED_BYTE,
                   frame.data);
      preview_has_frame_ = true;
      draw_ms_ = draw_ms_ <= 0 ? ms : 0.9 * draw_ms_ + 0.1 * ms;
      const double now = clock_total_.elapsed() / 1000.0;
      if (last_preview_draw_ > 0 && now > last_preview_draw_)
        shown_fps_ = 0.9 * shown_fps_ + 0.1 / (now - last_preview_draw_);
      last_preview_draw_ = now;
    }
  }
  const cv::Mat& source = preview_->sourceImage();
  if (!source.empty() && source.data != channel_data_) {  // iChannel0 = the PMG source image
    preview_client_->setChannel0(source);
    channel_data_ = source.data;
    preview_dirty_ = true;
  }
  const bool wanted = preview_dirty_ || preview_playing_ || requested_time_ != preview_time_ ||
                      requested_size_ != preview_size_ ||
                      !std::equal(std::begin(preview_mouse_), std::end(preview_mouse_),
                                  std::begin(requested_mouse_));
  if (wanted && !preview_client_->busy() && (preview_error_.empty() || preview_dirty_)) {
    PreviewRequest r;
    r.source = preview_source_;
    r.common = preview_common_;
    r.size = preview_size_;
    r.time = preview_time_;
    std::copy(std::begin(preview_mouse_), std::end(preview_mouse_), std::begin(r.mouse));
    preview_client_->request(r);
    preview_dirty_ = false;
    requested_time_ = preview_time_;
    requested_size_ = preview_size_;
    std::copy(std::begin(preview_mouse_), std::end(preview_mouse_), std::begin(requested_mouse_));
  }
  layout_.begin("Shader preview", 0.5f, 0.62f, 0.5f, 0.38f);
  if (!preview_error_.empty())
    ImGui::TextColored(ImVec4(1.0f, 0.5f, 0.4f, 1.0f), "Not drawn (%s): %s",
                       preview_has_frame_ ? "showing the last frame" : "no frame",
                       preview_error_.substr(0, 300).c_str());
  if (!preview_has_frame_) {
    ImGui::TextDisabled("drawing in the shader worker...");
    ImGui::End();
    return;
  }
  const float side = std::max(
      32.0f, std::min(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - 112.0f));
  const ImVec2 image_pos = ImGui::GetCursorScreenPos();
  ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(preview_texture_)),
               ImVec2(side, side));
  // iMouse as on Shadertoy: xy = the pointer in shader pixels (origin bottom-left) while a
  // button is held, zw = where the click started (negated after release).
  if (ImGui::IsItemHovered() && ImGui::IsMouseDown(0)) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float x = (m.x - image_pos.x) / side * float(preview_size_);
    const float y = (1.0f - (m.y - image_pos.y) / side) * float(preview_size_);
    if (ImGui::IsMouseClicked(0)) {
      preview_mouse_[2] = x;
      preview_mouse_[3] = y;
    }
    preview_mouse_[0] = x;
    preview_mouse_[1] = y;
    preview_mouse_[2] = std::abs(preview_mouse_[2]);
  } else if (preview_mouse_[2] > 0) {
    preview_mouse_[2] = -preview_mouse_[2];
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Drawn in the shader worker. Drag to set iMouse; iChannel0 is the PMG "
        "source image");
  if (ImGui::Button("|<")) preview_time_ = 0.0f;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Rewind: iTime = 0");
  ImGui::SameLine();
  if (ImGui::Button(preview_playing_ ? "Pause" : "Play")) preview_playing_ = !preview_playing_;
  ImGui::SameLine();
  ImGui::SliderFloat("speed", &preview_speed_, 0.0f, 4.0f);
  ImGui::Text("%.1f ms per %dx%d frame from the worker (up to %.0f FPS), shown at %.0f FPS",
              draw_ms_, preview_size_, preview_size_, 1000.0 / std::max(draw_ms_, 1e-3),
              preview_playing_ ? shown_fps_ : 0.0);
  ImGui::SliderFloat("iTime", &preview_time_, 0.0f, 60.0f);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Time passed to the shader; the PMG source uses the Source panel's time");
  ImGui::SliderInt("resolution", &preview_size_, 64, 512);
  ImGui::End();
}

void ViewportWidget::setTrainingActive(bool active) {
  if (active == training_active_) return;
  training_active_ = active;
  emit logMessage(active ? "a training run is alive: preview playback throttled to 2 fps "
                           "(\"full speed\" in the Clip panel overrides)"
                         : "no training run alive: preview at full speed");
  update();
}

QRectF ViewportWidget::controlRect(const std::string& id) const {
  ImVec4 r;
  if (!layout_.itemRect(id, &r)) return {};
  return QRectF(QPointF(r.x, r.y), QPointF(r.z, r.w));
}

void ViewportWidget::resetPanelLayout() {
  layout_.setAutomatic(true);
  update();
}

void ViewportWidget::resizeGL(int, int) {
  layout_.relayout();  // the proportional layout follows the viewport (if still in use)
}

void ViewportWidget::clipChanged() {
  dirty_clip_ = true;
  update();
}

void ViewportWidget::uploadFrame() {
  const Clip& clip = preview_->clip().clip;
  if (clip.empty()) return;
  if (!dirty_clip_ && uploaded_frame_ == preview_->frame()) return;
  const cv::Mat f = preview_->displayFrame(preview_->frame()).clone();  // continuous rows
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, f.cols, f.rows, 0, GL_RGB, GL_UNSIGNED_BYTE, f.data);
  display_aspect_ = float(f.cols) / float(f.rows);
  if (dirty_clip_) {  // the filmstrip changes with the clip only
    const cv::Mat strip = preview_->filmstrip(48);
    glBindTexture(GL_TEXTURE_2D, filmstrip_texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, strip.cols, strip.rows, 0, GL_RGB, GL_UNSIGNED_BYTE,
                 strip.data);
    filmstrip_aspect_ = float(strip.cols) / float(strip.rows);
  }
  uploaded_frame_ = preview_->frame();
  dirty_clip_ = false;
}

void ViewportWidget::paintGL() {
  if (!imgui_) return;
  ImGui::SetCurrentContext(imgui_);
  uploadFrame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplQt_NewFrame();
  ImGui::NewFrame();
  drawPanels();
  // A click changes state (a button's label) that shows only on the next frame: draw it
  // now rather than at the next mouse move.
  if (ImGui::IsMouseReleased(0) || ImGui::IsMouseClicked(0) || ImGui::IsAnyItemActive())
    QTimer::singleShot(0, this, [this] { update(); });
  ImGui::Render();
  glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
  glViewport(0, 0, int(width() * devicePixelRatioF()), int(height() * devicePixelRatioF()));
  glClearColor(0.11f, 0.11f, 0.13f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ++painted_;
}

void ViewportWidget::drawPanels() {
  const Clip& clip = preview_->clip().clip;
  layout_.begin("Clip", 0.0f, 0.0f, 0.5f, 1.0f);
  if (training_active_) {
    if (throttle_override_) {
      ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "Training runs: preview at full speed");
      ImGui::SameLine();
      if (ImGui::SmallButton("throttle")) throttle_override_ = false;
    } else {
      ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f),
                         "Training runs: preview throttled to 2 fps to leave it the CPU");
      ImGui::SameLine();
      if (ImGui::SmallButton("full speed")) throttle_override_ = true;
    }
  }
  if (!clip.empty()) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::max(
        32.0f, std::min(width / display_aspect_, ImGui::GetContentRegionAvail().y - 150.0f));
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_)),
                 ImVec2(height * display_aspect_, height));
    if (preview_->comparing())
      ImGui::TextDisabled("left: A (%s)   right: current settings",
                          preview_->compareLabel().c_str());
    // Filmstrip: every frame; a click jumps there.
    const ImVec2 strip_pos = ImGui::GetCursorScreenPos();
    const float strip_w = width, strip_h = width / filmstrip_aspect_;
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(filmstrip_texture_)),
                 ImVec2(strip_w, strip_h));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Filmstrip: click a frame to show it");
    if (ImGui::IsItemClicked()) {
      const float x = ImGui::GetIO().MousePos.x - strip_pos.x;
      preview_->setFrame(int(x / strip_w * float(clip.frames)));
      preview_->playing = false;
    }
    int f = preview_->frame();
    if (ImGui::SliderInt("frame", &f, 0, clip.frames - 1)) {
      preview_->setFrame(f);
      preview_->playing = false;
    }
    if (ImGui::Button(preview_->playing ? "Pause" : "Play")) preview_->playing = !preview_->playing;
    ImGui::SameLine();
    if (ImGui::Button("Step")) preview_->setFrame((preview_->frame() + 1) % clip.frames);
    ImGui::SameLine();
    ImGui::Checkbox("loop", &preview_->loop);
    float fps = float(preview_->fps);
    if (ImGui::SliderFloat("fps", &fps, 1.0f, 30.0f)) preview_->fps = fps;
    ImGui::Text("source: %s", preview_->sourceLabel().c_str());
    if (ImGui::Button("Training view")) emit trainingViewRequested();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Frames and size of the Training form's model: the clip as it is fed "
          "to the model (mixing with the partner as set in the PMG panel)");
    ImGui::SameLine();
    if (ImGui::Checkbox("flip", &preview_->flip)) {
      preview_->regenerate();
      dirty_clip_ = true;
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Mirrored, as the training loader does for half of the clips");
  }
  ImGui::End();
  drawShaderPreview();
  const bool changed = drawPmgPanel(*preview_, layout_);
  layout_.endFrame();
  if (layout_.automatic() != QSettings().value("viewport/auto_layout", true).toBool())
    QSettings().setValue("viewport/auto_layout", layout_.automatic());
  if (changed) {
    dirty_clip_ = true;
    emit configEdited();
  }
}

}  // namespace pmg::gui
