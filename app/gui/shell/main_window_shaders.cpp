// MainWindow's shader sources: library and editor shaders drawn in the viewport's context as the
// PMG source or the mix partner, and users' shaders drawn in the worker process.
#include <QDoubleSpinBox>
#include <QOpenGLContext>
#include <QString>

#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_library.h"
#include "shaders/shader_editor_panel.h"
#include "shell/main_window.h"
#include "viewport/viewport_widget.h"

namespace pmg::gui {
cv::Mat MainWindow::renderShaderText(const std::string& source, double time, QString* error) {
  viewport_->makeCurrent();
  // Between losing its context (moved to another window) and its next initialisation the
  // viewport has none: say so instead of calling GL without a context.
  if (!viewport_->context() || QOpenGLContext::currentContext() != viewport_->context()) {
    if (error) *error = "the viewport's OpenGL context is being recreated; try again in a moment";
    return {};
  }
  cv::Mat img;
  {
    // The text may name shared code ("// common: noise"), as library shaders do.
    const render::ShaderEntry entry = render::parseShaderText("editor", source);
    render::ShaderProgram program;
    const auto r = program.compile(entry.source, entry.common);
    if (!r.ok) {
      if (error) *error = QString::fromStdString(r.summary());
    } else if (time >= 0.0) {
      if (!shader_renderer_)
        shader_renderer_ = std::make_unique<render::OffscreenRenderer>(256, 256);
      render::ShaderInputs in;
      in.time = float(time);
      img = shader_renderer_->render(program, in);
    }
  }
  viewport_->doneCurrent();
  return img;
}

namespace {

/// The library shader at `index`, or null when there is none.
const render::ShaderEntry* libraryShader(int index) {
  const auto& lib = render::builtinShaders();
  return index >= 0 && index < int(lib.size()) ? &lib[size_t(index)] : nullptr;
}

}  // namespace

bool MainWindow::useLibraryShaderAsPartner(int index) {
  const auto* shader = libraryShader(index);
  if (!shader) return false;
  QString error;
  const cv::Mat img = renderShaderText(shader->source, shader_time_->value(), &error);
  if (img.empty()) return false;
  preview_.setSecondSource(img, shader->id);
  viewport_->clipChanged();
  log("mix partner: " + QString::fromStdString(shader->id));
  return true;
}

bool MainWindow::useLibraryShader(int index) {
  const auto* shader = libraryShader(index);
  if (!shader) return false;
  QString error;
  const cv::Mat img = renderShaderText(shader->source, shader_time_->value(), &error);
  if (img.empty()) {
    log("shader " + QString::fromStdString(shader->id) + " failed:\n" + error);
    return false;
  }
  shader_panel_->showTrustedText(QString::fromStdString(shader->source));
  viewport_->setPreviewShader(shader->source, shader->common);
  preview_.setSource(img, shader->id);
  viewport_->clipChanged();
  showSourceStatus();
  return true;
}

cv::Mat MainWindow::renderUserShader(const std::string& text, double time, QString* error) {
  // A user's shader is drawn in the worker process, never in the window's context.
  if (!source_worker_) source_worker_ = std::make_unique<render::ProbeWorker>();
  std::string why;
  const cv::Mat img =
      source_worker_->render(render::parseShaderText("user", text), 256, time, &why);
  if (img.empty() && error) *error = QString::fromStdString(why);
  return img;
}

QString MainWindow::compileEditor() {
  return shader_panel_->checkNow();
}

}  // namespace pmg::gui
