// Syntax highlighting for GLSL in the shader editor.
#pragma once
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <vector>

namespace pmg::gui {

class GlslHighlighter : public QSyntaxHighlighter {
 public:
  explicit GlslHighlighter(QTextDocument* doc);

 protected:
  void highlightBlock(const QString& text) override;

 private:
  std::vector<std::pair<QRegularExpression, QTextCharFormat>> rules_;
};

}  // namespace pmg::gui
