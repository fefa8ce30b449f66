// Bars and line plots drawn with OpenCV (see plot_figure.h).
#include "pmg/figures/plot_figure.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

namespace pmg {
inline namespace figures {

namespace {

const cv::Scalar kInk(40, 40, 40), kGrid(225, 225, 225), kPaper(252, 252, 252);

/// Distinct colours (RGB) for series, repeated after ten.
cv::Scalar seriesColour(size_t i) {
  static const cv::Scalar colours[] = {
      {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
      {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
  return colours[i % 10];
}

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.42) {
  cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, kInk, 1, cv::LINE_AA);
}

/// A label as at most `max_lines` lines of at most `per_line` characters, each broken after a
/// '-', '_', '+' or ' ' where one falls inside it ("busy-photos" -> "busy-", "photos").
std::vector<std::string> labelLines(const std::string& label, size_t per_line, size_t max_lines) {
  std::vector<std::string> lines;
  for (size_t at = 0; at < label.size() && lines.size() < max_lines;) {
    size_t length = std::min(per_line, label.size() - at);
    if (at + length < label.size()) {
      const size_t cut = label.find_last_of("-_+ ", at + length - 1);
      if (cut != std::string::npos && cut > at) length = cut - at + 1;
    }
    lines.push_back(label.substr(at, length));
    at += length;
  }
  return lines;
}

std::string number(double v) {
  return fmt::format("{:.3g}", v);
}

/// A round tick spacing (1, 2 or 5 x 10^k) giving about `count` intervals over `range`.
double niceStep(double range, int count) {
  const double raw = std::max(1e-12, range / count);
  const double base = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * base) return m * base;
  return 10.0 * base;
}

/// Width in pixels of `s` as text() draws it.
int textWidth(const std::string& s, double scale) {
  int baseline = 0;
  return cv::getTextSize(s, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline).width;
}

/// The plotting area of a figure and the mapping of values into it.
struct Frame {
  cv::Rect area;
  double y_lo = 0, y_hi = 1, x_lo = 0, x_hi = 1;
  bool log_y = false;
  double ty(double v) const { return log_y ? std::log10(std::max(v, 1e-12)) : v; }
  int py(double v) const {
    const double t = (ty(v) - ty(y_lo)) / std::max(1e-12, ty(y_hi) - ty(y_lo));
    return area.y + area.height - int(std::lround(t * area.height));
  }
  int px(double v) const {
    return area.x + int(std::lround((v - x_lo) / std::max(1e-12, x_hi - x_lo) * area.width));
  }
};

/// Title, y label, horizontal grid lines with their values.
void drawAxes(cv::Mat& img, const Frame& f, const std::string& title, const std::string& y_label) {
  text(img, title, {f.area.x, 22}, 0.55);
  text(img, y_label, {8, f.area.y - 8});
  std::vector<double> ticks;
  if (f.log_y) {
    for (int i = 0; i <= 4; ++i)
      ticks.push_back(std::pow(10.0, f.ty(f.y_lo) + (f.ty(f.y_hi) - f.ty(f.y_lo)) * i / 4));
  } else {
    const double step = niceStep(f.y_hi - f.y_lo, 5);
    for (double v = std::ceil(f.y_lo / step - 1e-9) * step; v <= f.y_hi + 1e-9 * step; v += step)
      ticks.push_back(std::abs(v) < 1e-9 * step ? 0.0 : v);
  }
  for (double v : ticks) {
    const int y = f.py(v);
    cv::line(img, {f.area.x, y}, {f.area.x + f.area.width, y}, kGrid, 1);
    text(img, number(v), {8, y + 4}, 0.38);
  }
  cv::line(img, {f.area.x, f.area.y + f.area.height},
           {f.area.x + f.area.width, f.area.y + f.area.height}, kInk, 1);
  cv::line(img, {f.area.x, f.area.y}, {f.area.x, f.area.y + f.area.height}, kInk, 1);
}

}  // namespace

cv::Mat barFigure(const std::string& title, const std::string& y_label,
                  const std::vector<PlotBar>& bars) {
  const int per_bar = 64;
  const int width = std::max({420, 90 + per_bar * int(bars.size()), 90 + textWidth(title, 0.55)});
  size_t longest = 0;
  for (const auto& b : bars) longest = std::max(longest, b.label.size());
  const int label_lines = int(std::min<size_t>(4, (longest + 7) / 8));
  const int height = 330 + 14 * label_lines;
  cv::Mat img(height, width, CV_8UC3, kPaper);
  Frame f;
  f.area = cv::Rect(70, 50, width - 90, 250);
  double top = 0;
  for (const auto& b : bars) top = std::max(top, b.value + b.error);
  f.y_hi = top > 0 ? std::ceil(top * 1.05 / niceStep(top, 5)) * niceStep(top, 5) : 1.0;
  drawAxes(img, f, title, y_label);
  size_t best = 0;
  for (size_t i = 0; i < bars.size(); ++i)
    if (bars[i].value > bars[best].value) best = i;
  const double slot = double(f.area.width) / std::max<size_t>(1, bars.size());
  for (size_t i = 0; i < bars.size(); ++i) {
    const int cx = f.area.x + int((double(i) + 0.5) * slot), half = int(slot * 0.32);
    const cv::Scalar fill = i == best ? cv::Scalar(31, 90, 150) : cv::Scalar(110, 160, 210);
    cv::rectangle(img, {cx - half, f.py(bars[i].value)}, {cx + half, f.py(0)}, fill, cv::FILLED);
    if (bars[i].error > 0) {
      const int y0 = f.py(std::max(0.0, bars[i].value - bars[i].error));
      const int y1 = f.py(bars[i].value + bars[i].error);
      cv::line(img, {cx, y0}, {cx, y1}, kInk, 1);
      cv::line(img, {cx - 5, y0}, {cx + 5, y0}, kInk, 1);
      cv::line(img, {cx - 5, y1}, {cx + 5, y1}, kInk, 1);
    }
    text(img, number(bars[i].value), {cx - half, f.py(bars[i].value + bars[i].error) - 4}, 0.36);
    // Labels turned by 45 degrees would need a rotated text; long ones are stacked instead.
    const auto lines = labelLines(bars[i].label, 8, 4);
    for (size_t line = 0; line < lines.size(); ++line)
      text(img, lines[line], {cx - half - 2, f.area.y + f.area.height + 16 + int(line) * 14}, 0.36);
  }
  return img;  // colours above are RGB
}

cv::Mat intervalFigure(const std::string& title, const std::string& y_label,
                       const std::vector<PlotInterval>& items, double y_lo, double y_hi) {
  const int per_item = 80;
  const int width = std::max({420, 90 + per_item * int(items.size()), 90 + textWidth(title, 0.55)});
  const int height = 340;
  cv::Mat img(height, width, CV_8UC3, kPaper);
  Frame f;
  f.area = cv::Rect(70, 50, width - 90, 240);
  f.y_lo = y_lo;
  f.y_hi = y_hi;
  drawAxes(img, f, title, y_label);
  if (y_lo < 0 && y_hi > 0)
    cv::line(img, {f.area.x, f.py(0)}, {f.area.x + f.area.width, f.py(0)}, kInk, 1);
  const double slot = double(f.area.width) / std::max<size_t>(1, items.size());
  const auto clamp = [&](double v) { return std::clamp(v, y_lo, y_hi); };
  for (size_t i = 0; i < items.size(); ++i) {
    const PlotInterval& it = items[i];
    const int cx = f.area.x + int((double(i) + 0.5) * slot);
    const cv::Scalar colour = it.lo > 0   ? cv::Scalar(44, 140, 44)  // interval above 0
                              : it.hi < 0 ? cv::Scalar(200, 50, 40)  // below 0
                                          : cv::Scalar(31, 90, 150);
    if (std::isfinite(it.lo) && std::isfinite(it.hi)) {
      const int y0 = f.py(clamp(it.lo)), y1 = f.py(clamp(it.hi));
      cv::line(img, {cx, y0}, {cx, y1}, colour, 2);
      cv::line(img, {cx - 6, y0}, {cx + 6, y0}, colour, 2);
      cv::line(img, {cx - 6, y1}, {cx + 6, y1}, colour, 2);
    }
    if (std::isfinite(it.value)) {
      cv::circle(img, {cx, f.py(clamp(it.value))}, 5, colour, cv::FILLED, cv::LINE_AA);
      text(img, number(it.value), {cx + 8, f.py(clamp(it.value)) + 4}, 0.36);
    }
    const auto lines = labelLines(it.label, 10, 3);  // centred under the estimate
    for (size_t line = 0; line < lines.size(); ++line)
      text(img, lines[line],
           {cx - textWidth(lines[line], 0.36) / 2, f.area.y + f.area.height + 16 + int(line) * 14},
           0.36);
  }
  return img;  // colours above are RGB
}

cv::Mat lineFigure(const std::string& title, const std::string& x_label, const std::string& y_label,
                   const std::vector<PlotSeries>& series, const std::vector<std::string>& x_ticks,
                   bool log_y) {
  const int width = std::max(720, 110 + textWidth(title, 0.55)),
            legend_rows = int((series.size() + 2) / 3);
  // Named ticks wider than their spacing alternate between two rows.
  int widest_tick = 0;
  for (const auto& t : x_ticks) widest_tick = std::max(widest_tick, textWidth(t, 0.38));
  const bool staggered =
      x_ticks.size() > 1 && widest_tick + 6 > (width - 100) / int(x_ticks.size() - 1);
  const int tick_rows_gap = staggered ? 14 : 0, height = 380 + 16 * legend_rows + tick_rows_gap;
  cv::Mat img(height, width, CV_8UC3, kPaper);
  Frame f;
  f.log_y = log_y;
  f.area = cv::Rect(70, 50, width - 100, 250);
  bool any = false;
  double y_lo = 1e300, y_hi = -1e300, x_lo = 1e300, x_hi = -1e300;
  for (const auto& s : series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i]) || (log_y && s.y[i] <= 0)) continue;
      const double e = i < s.error.size() ? s.error[i] : 0.0;
      y_lo = std::min(y_lo, log_y ? s.y[i] : s.y[i] - e);
      y_hi = std::max(y_hi, s.y[i] + e);
      x_lo = std::min(x_lo, s.x[i]);
      x_hi = std::max(x_hi, s.x[i]);
      any = true;
    }
  if (!any) y_lo = x_lo = 0, y_hi = x_hi = 1;
  if (!x_ticks.empty()) x_lo = 0, x_hi = std::max(1.0, double(x_ticks.size() - 1));
  const double step = niceStep(std::max(1e-9, y_hi - y_lo), 5);
  f.y_lo = log_y ? y_lo / 1.1 : std::floor(y_lo / step) * step;
  f.y_hi = log_y ? y_hi * 1.1 : std::ceil(y_hi / step) * step;
  if (f.y_hi <= f.y_lo) f.y_hi = f.y_lo + 1;
  f.x_lo = x_lo;
  f.x_hi = x_hi > x_lo ? x_hi : x_lo + 1;
  drawAxes(img, f, title, y_label);
  const int axis_y = f.area.y + f.area.height;
  if (!x_ticks.empty()) {
    for (size_t i = 0; i < x_ticks.size(); ++i) {  // centred on the tick, inside the image
      const int w = textWidth(x_ticks[i], 0.38);
      const int x = std::clamp(f.px(double(i)) - w / 2, 2, std::max(2, width - w - 6));
      text(img, x_ticks[i], {x, axis_y + 16 + (staggered && i % 2 ? tick_rows_gap : 0)}, 0.38);
    }
  } else {
    const double step = niceStep(f.x_hi - f.x_lo, 5);
    for (double v = std::ceil(f.x_lo / step) * step; v <= f.x_hi + 1e-9 * step; v += step)
      text(img, number(v), {f.px(v) - 10, axis_y + 16}, 0.38);
  }
  text(img, x_label, {f.area.x + f.area.width / 2 - 30, axis_y + 34 + tick_rows_gap});
  for (size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const cv::Scalar colour = seriesColour(k);
    cv::Point previous(-1, -1);
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i]) || (log_y && s.y[i] <= 0)) continue;
      const cv::Point p(f.px(s.x[i]), f.py(s.y[i]));
      if (previous.x >= 0) cv::line(img, previous, p, colour, 2, cv::LINE_AA);
      if (s.x.size() <= 40) cv::circle(img, p, 3, colour, cv::FILLED, cv::LINE_AA);
      if (i < s.error.size() && s.error[i] > 0) {
        cv::line(img, {p.x, f.py(s.y[i] - s.error[i])}, {p.x, f.py(s.y[i] + s.error[i])}, colour,
                 1);
      }
      previous = p;
    }
    const cv::Point at(f.area.x + int(k % 3) * 220, axis_y + 56 + tick_rows_gap + int(k / 3) * 16);
    cv::line(img, {at.x, at.y - 4}, {at.x + 18, at.y - 4}, colour, 3);
    text(img, s.name.substr(0, 28), {at.x + 24, at.y}, 0.38);
  }
  return img;  // colours above are RGB
}

}  // namespace figures
}  // namespace pmg
