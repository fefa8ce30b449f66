#include "shaders/shader_editor_panel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "pmg/base/rng.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_generator.h"
#include "pmg/render/shader_messages.h"
#include "shaders/code_editor.h"
#include "shaders/glsl_highlighter.h"

namespace pmg::gui {

namespace {

/// "compile: line 3: error: ..." lines -> editor diagnostics in our words.
std::vector<EditorDiagnostic> diagnosticsOf(const QString& reason) {
  std::vector<EditorDiagnostic> out;
  const QRegularExpression re(R"((?<!common )\bline (\d+): (.*))");
  for (const QString& line : reason.split('\n')) {
    const auto m = re.match(line);
    if (!m.hasMatch()) continue;
    EditorDiagnostic d;
    d.line = m.captured(1).toInt();
    d.driver_text = m.captured(2).trimmed();
    d.message = QString::fromStdString(render::explainShaderMessage(d.driver_text.toStdString()));
    out.push_back(d);
  }
  return out;
}

QString speedText(const render::FilterVerdict& v) {
  return QString("%1 ms per 64x64 draw (%2x the reference program)")
      .arg(v.gpu_ms, 0, 'f', v.gpu_ms < 10 ? 2 : 1)
      .arg(v.relative_cost, 0, 'f', 1);
}

}  // namespace

ShaderEditorPanel::ShaderEditorPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  editor_ = new CodeEditor;
  new GlslHighlighter(editor_->document());
  status_ = new QLabel("edit the shader: it is checked in a worker process as you type");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* random = new QPushButton("Random shader");
  random->setToolTip("A new program from the procedural generator; its seed is in the header");
  auto* use = new QPushButton("Use as PMG source");
  auto* row = new QHBoxLayout;
  row->addWidget(random);
  row->addWidget(use);
  layout->addWidget(editor_, 1);
  layout->addWidget(status_);
  layout->addLayout(row);
  debounce_.setSingleShot(true);
  debounce_.setInterval(400);
  connect(&debounce_, &QTimer::timeout, this, &ShaderEditorPanel::checkInBackground);
  connect(editor_, &QPlainTextEdit::textChanged, this, [this] { debounce_.start(); });
  connect(random, &QPushButton::clicked, this, [this] {
    const uint64_t seed = mix64(uint64_t(QDateTime::currentMSecsSinceEpoch())) % 1000000;
    editor_->setPlainText(QString::fromStdString(render::generateShader(seed).source));
    emit logMessage(QString("random shader: generator seed %1").arg(seed));
  });
  connect(use, &QPushButton::clicked, this, [this] {
    if (checkNow().isEmpty()) emit useAsSourceRequested(editor_->toPlainText());
  });
}

ShaderEditorPanel::~ShaderEditorPanel() {
  if (background_.valid()) background_.wait();  // bounded by the worker's watchdog
}

void ShaderEditorPanel::showTrustedText(const QString& text) {
  const QSignalBlocker block(editor_);
  editor_->setPlainText(text);
  editor_->setDiagnostics({});
  has_good_program_ = true;
  status_->setText("Preview shows this program (built-in library)");
}

QString ShaderEditorPanel::statusText() const {
  return status_->text();
}

void ShaderEditorPanel::showVerdict(const render::FilterVerdict& v, const QString& error) {
  if (error.isEmpty()) {
    editor_->setDiagnostics({});
    has_good_program_ = true;
    QString text = "Preview shows this program. " + speedText(v);
    if (!v.warning.empty())
      text += ". Warning: slow (" + QString::number(1000.0 / std::max(v.gpu_ms, 1e-3), 'f', 0) +
              " FPS at 64x64; larger previews and datasets take longer), but it is used as is";
    status_->setText(text);
    status_->setStyleSheet(v.warning.empty() ? "" : "color: #8a5a00;");
    return;
  }
  auto diagnostics = diagnosticsOf(error);
  editor_->setDiagnostics(diagnostics);
  QString why;
  if (!diagnostics.empty())
    why = QString("it does not compile (%1 error%2, marked in the editor)")
              .arg(diagnostics.size())
              .arg(diagnostics.size() > 1 ? "s" : "");
  else if (error.startsWith("timeout"))
    why = "a draw did not finish: " + error.section(':', 1).trimmed();
  else
    why = error;
  status_->setText((has_good_program_ ? "Preview shows the last good program: this one "
                                      : "No preview: this program ") +
                   why);
  status_->setStyleSheet("color: #a01010;");
}

QString ShaderEditorPanel::checkNow() {
  if (!probe_) probe_ = std::make_unique<render::ProbeWorker>();
  render::FilterVerdict v;
  QString error;
  try {
    v = probe_->judge(render::parseShaderText("editor", editor_->toPlainText().toStdString()),
                      render::userShaderOptions());
    if (!v.accepted) error = QString::fromStdString(v.reason);
  } catch (const std::exception& e) {
    error = e.what();
  }
  showVerdict(v, error);
  if (error.isEmpty()) emit programReady(editor_->toPlainText());
  return error;
}

void ShaderEditorPanel::checkInBackground() {
  if (background_.valid()) {  // one check at a time; check again when it is done
    recheck_ = true;
    return;
  }
  const std::string text = editor_->toPlainText().toStdString();
  QPointer<ShaderEditorPanel> self(this);
  status_->setText("checking in the shader worker...");
  background_ = std::async(std::launch::async, [self, text] {
    render::ProbeWorker worker;  // own process: a hanging shader only stalls this thread
    render::FilterVerdict v;
    QString error;
    try {
      v = worker.judge(render::parseShaderText("editor", text), render::userShaderOptions());
      if (!v.accepted) error = QString::fromStdString(v.reason);
    } catch (const std::exception& e) {
      error = e.what();
    }
    QMetaObject::invokeMethod(
        self.data(),
        [self, v, error, text] {
          if (!self) return;
          self->background_.get();
          self->showVerdict(v, error);
          if (error.isEmpty()) emit self->programReady(QString::fromStdString(text));
          if (self->recheck_) {
            self->recheck_ = false;
            self->checkInBackground();
          }
        },
        Qt::QueuedConnection);
  });
}

}  // namespace pmg::gui
