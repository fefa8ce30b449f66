// Option checks whose messages read like a person wrote them ("must be between 0.01
// and 0.99, got 2"), instead of CLI11's built-ins that print DBL_MAX in full.
#pragma once
#include <CLI/CLI.hpp>
#include <cmath>
#include <sstream>
#include <string>

#include "pmg/config/number_field.h"
#include "pmg/config/pmg_fields.h"

namespace pmg::cli {

namespace detail {
/// The number in `text`, or NaN when it is not one.
inline double parseNumber(const std::string& text) {
  std::istringstream in(text);
  double v = NAN;
  if (!(in >> v) || !in.eof()) return NAN;
  return v;
}
/// Shortest readable form of a bound (0.01, 1e+06).
inline std::string bound(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}
}  // namespace detail

/// A number in [lo, hi].
inline CLI::Validator between(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        const double v = detail::parseNumber(text);
        if (std::isnan(v)) return "must be a number, got '" + text + "'";
        if (v < lo || v > hi)
          return "must be between " + detail::bound(lo) + " and " + detail::bound(hi) + ", got " +
                 text;
        return "";
      },
      "[" + detail::bound(lo) + " - " + detail::bound(hi) + "]");
}

/// A number > 0.
inline CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const double v = detail::parseNumber(text);
        if (std::isnan(v) || !(v > 0)) return "must be a positive number, got '" + text + "'";
        return "";
      },
      "POSITIVE");
}

/// A number >= 0.
inline CLI::Validator nonNegative() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const double v = detail::parseNumber(text);
        if (std::isnan(v) || v < 0) return "must be zero or more, got '" + text + "'";
        return "";
      },
      "NONNEGATIVE");
}

/// The bounds of a top-level PMG value ("frames", "size") from its field (pmg/config/pmg_fields.h):
/// the same range as PMG config files and the GUI.
inline CLI::Validator pmgFieldBounds(const char* key) {
  const PmgTopField& f = pmgTopField(key);
  return between(f.lo, f.hi);
}

/// The option of a config field (pmg/config/number_field.h): its flag, help and bounds, bound to
/// the member of `target`. `bound` gets the member pointer and the option (e.g. to copy it over a
/// preset when given).
template <class T, class Bound>
CLI::Option* addFieldOption(CLI::App* cmd, const NumberField<T>& f, T& target, Bound&& bound) {
  return std::visit(
      [&](auto member) {
        CLI::Option* opt = cmd->add_option(f.flag, target.*member, f.help)
                               ->capture_default_str()
                               ->check(between(f.lo, f.hi));
        bound(member, opt);
        return opt;
      },
      f.member);
}

/// The options of every field of a table that has a flag.
template <class T>
void addFieldOptions(CLI::App* cmd, const std::vector<NumberField<T>>& fields, T& target) {
  for (const auto& f : fields)
    if (*f.flag) addFieldOption(cmd, f, target, [](auto, CLI::Option*) {});
}

}  // namespace pmg::cli
