#include "shaders/code_editor.h"

#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace pmg::gui {

namespace {

const QColor kErrorLine(255, 232, 232);  // soft: the text on it stays readable
const QColor kErrorMark(200, 30, 30);
const QColor kErrorText(170, 20, 20);

/// The gutter: forwards painting and tooltips to the editor.
class Gutter : public QWidget {
 public:
  explicit Gutter(CodeEditor* editor) : QWidget(editor), editor_(editor) {}
  QSize sizeHint() const override { return {editor_->gutterWidth(), 0}; }

 protected:
  void paintEvent(QPaintEvent* event) override { editor_->paintGutter(event); }
  bool event(QEvent* e) override {
    if (e->type() == QEvent::ToolTip) {
      auto* help = static_cast<QHelpEvent*>(e);
      if (const auto* d = editor_->diagnosticAtY(help->pos().y()))
        QToolTip::showText(help->globalPos(),
                           d->driver_text.isEmpty() ? d->message : d->driver_text, this);
      else
        QToolTip::hideText();
      return true;
    }
    return QWidget::event(e);
  }

 private:
  CodeEditor* editor_;
};

}  // namespace

CodeEditor::CodeEditor(QWidget* parent) : QPlainTextEdit(parent), gutter_(new Gutter(this)) {
  setLineWrapMode(QPlainTextEdit::NoWrap);
  QFont mono("monospace");
  mono.setStyleHint(QFont::TypeWriter);
  setFont(mono);
  setTabStopDistance(fontMetrics().horizontalAdvance(' ') * 2);
  connect(this, &QPlainTextEdit::blockCountChanged, this,
          [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
  connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateGutter);
  setViewportMargins(gutterWidth(), 0, 0, 0);
}

int CodeEditor::gutterWidth() const {
  int digits = 2;
  for (int n = std::max(1, blockCount()); n >= 100; n /= 10) ++digits;
  return 14 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::updateGutter(const QRect& rect, int dy) {
  if (dy)
    gutter_->scroll(0, dy);
  else
    gutter_->update(0, rect.y(), gutter_->width(), rect.height());
}

void CodeEditor::resizeEvent(QResizeEvent* event) {
  QPlainTextEdit::resizeEvent(event);
  const QRect cr = contentsRect();
  gutter_->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void CodeEditor::setDiagnostics(std::vector<EditorDiagnostic> diagnostics) {
  diagnostics_ = std::move(diagnostics);
  QList<QTextEdit::ExtraSelection> marks;
  for (const auto& d : diagnostics_) {
    const QTextBlock block = document()->findBlockByNumber(d.line - 1);
    if (!block.isValid()) continue;
    QTextEdit::ExtraSelection mark;
    mark.format.setBackground(kErrorLine);
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    mark.cursor = QTextCursor(block);
    marks << mark;
  }
  setExtraSelections(marks);
  gutter_->update();
  viewport()->update();
}

const EditorDiagnostic* CodeEditor::diagnosticAtY(int y) const {
  QTextBlock block = firstVisibleBlock();
  while (block.isValid()) {
    const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
    if (y >= r.top() && y < r.bottom()) {
      for (const auto& d : diagnostics_)
        if (d.line == block.blockNumber() + 1) return &d;
      return nullptr;
    }
    if (r.top() > y) break;
    block = block.next();
  }
  return nullptr;
}

void CodeEditor::paintGutter(QPaintEvent* event) {
  QPainter p(gutter_);
  p.fillRect(event->rect(), palette().color(QPalette::AlternateBase).darker(104));
  QTextBlock block = firstVisibleBlock();
  int top = int(blockBoundingGeometry(block).translated(contentOffset()).top());
  const int h = fontMetrics().height();
  while (block.isValid() && top <= event->rect().bottom()) {
    const int number = block.blockNumber() + 1;
    if (block.isVisible()) {
      const bool error = std::any_of(diagnostics_.begin(), diagnostics_.end(),
                                     [&](const EditorDiagnostic& d) { return d.line == number; });
      if (error) {
        p.setPen(Qt::NoPen);
        p.setBrush(kErrorMark);
        p.drawEllipse(QRectF(3, top + h * 0.5 - 3.5, 7, 7));
      }
      p.setPen(error ? kErrorMark : palette().color(QPalette::PlaceholderText));
      p.drawText(0, top, gutter_->width() - 4, h, Qt::AlignRight, QString::number(number));
    }
    top += int(blockBoundingRect(block).height());
    block = block.next();
  }
}

void CodeEditor::paintEvent(QPaintEvent* event) {
  QPlainTextEdit::paintEvent(event);
  if (diagnostics_.empty()) return;
  // Each message after the end of its line's text, like an IDE's inline hint.
  QPainter p(viewport());
  QFont italic = font();
  italic.setItalic(true);
  p.setFont(italic);
  p.setPen(kErrorText);
  const QFontMetrics fm(font());
  for (const auto& d : diagnostics_) {
    const QTextBlock block = document()->findBlockByNumber(d.line - 1);
    if (!block.isValid() || !block.isVisible()) continue;
    const QRectF r = blockBoundingGeometry(block).translated(contentOffset());
    if (r.bottom() < event->rect().top() || r.top() > event->rect().bottom()) continue;
    const int x = int(r.left() + document()->documentMargin()) +
                  fm.horizontalAdvance(block.text()) + fm.horizontalAdvance("    ");
    p.drawText(QPointF(x, r.top() + fm.ascent()), "\u25c0 " + d.message);
  }
}

}  // namespace pmg::gui
