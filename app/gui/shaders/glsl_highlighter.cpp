#include "shaders/glsl_highlighter.h"

namespace pmg::gui {

GlslHighlighter::GlslHighlighter(QTextDocument* doc) : QSyntaxHighlighter(doc) {
  auto fmt = [](const QColor& c, bool bold = false) {
    QTextCharFormat f;
    f.setForeground(c);
    if (bold) f.setFontWeight(QFont::Bold);
    return f;
  };
  rules_.emplace_back(
      QRegularExpression(
          R"(\b(void|float|int|bool|vec[234]|ivec[234]|mat[234]|sampler2D|in|out|inout|uniform|const|return|if|else|for|while|break|continue|struct)\b)"),
      fmt(QColor(86, 156, 214), true));
  rules_.emplace_back(
      QRegularExpression(
          R"(\b(sin|cos|tan|atan|abs|floor|fract|mod|min|max|clamp|mix|step|smoothstep|length|distance|dot|cross|normalize|reflect|pow|exp|log|sqrt|texture)\b)"),
      fmt(QColor(220, 220, 170)));
  rules_.emplace_back(
      QRegularExpression(
          R"(\bi(Resolution|Time|TimeDelta|Frame|Mouse|Date|Channel[0-3]|ChannelResolution)\b)"),
      fmt(QColor(78, 201, 176)));
  rules_.emplace_back(QRegularExpression(R"(\b[0-9]+\.?[0-9]*\b)"), fmt(QColor(181, 206, 168)));
  rules_.emplace_back(QRegularExpression(R"(^\s*#.*$)"), fmt(QColor(197, 134, 192)));
  rules_.emplace_back(QRegularExpression(R"(//[^\n]*)"), fmt(QColor(106, 153, 85)));
}

void GlslHighlighter::highlightBlock(const QString& text) {
  for (const auto& [re, format] : rules_) {
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
      const auto m = it.next();
      setFormat(int(m.capturedStart()), int(m.capturedLength()), format);
    }
  }
}

}  // namespace pmg::gui
