// One numeric setting of a config struct: its JSON key, its command-line flag, the allowed
// bounds, a help line and the member it lives in. A config's field table is walked by its
// JSON writer, its strict reader, the CLI's validators and the GUI's ranges, so each bound
// and each key is written once (TrainOptions, VideoMaeConfig, FinetuneOptions, ...).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "pmg/config/config_keys.h"

namespace pmg {
inline namespace config {

/// A number of config struct `T`, bound to its member.
template <class T>
struct NumberField {
  const char* key;   ///< JSON key
  const char* flag;  ///< command-line flag ("" when only files set it)
  double lo, hi;     ///< allowed values, inclusive
  std::variant<int T::*, long T::*, double T::*> member;
  const char* help;      ///< one line for --help and tooltips
  bool runtime = false;  ///< only how a run executes, not what it computes (may change on resume)

  /// A whole number (an int or long member); checked in 64 bits before narrowing.
  bool integer() const { return !std::holds_alternative<double T::*>(member); }

  /// The member's value in `t`.
  double value(const T& t) const {
    return std::visit([&](auto m) { return double(t.*m); }, member);
  }

  /// The member's value as JSON (integers as integers).
  nlohmann::json toJson(const T& t) const {
    return std::visit([&](auto m) { return nlohmann::json(t.*m); }, member);
  }

  /// Reads `key` of `j` into `t` when present; throws ConfigError naming where.key, the
  /// bounds and the value when it is out of range or not a (whole) number.
  void read(const nlohmann::json& j, T& t, const std::string& where) const {
    std::visit(
        [&](auto m) {
          using Value = std::remove_reference_t<decltype(t.*m)>;
          if constexpr (std::is_integral_v<Value>)
            t.*m = Value(integerInRange(j, key, t.*m, (long long)lo, (long long)hi, where));
          else
            t.*m = numberInRange(j, key, t.*m, lo, hi, where);
        },
        member);
  }
};

/// The keys of a field table, in table order.
template <class T>
std::vector<std::string> fieldKeys(const std::vector<NumberField<T>>& fields) {
  std::vector<std::string> keys;
  for (const auto& f : fields) keys.push_back(f.key);
  return keys;
}

/// The field of `key` in a table; nullptr when there is none.
template <class T>
const NumberField<T>* findField(const std::vector<NumberField<T>>& fields, const std::string& key) {
  for (const auto& f : fields)
    if (key == f.key) return &f;
  return nullptr;
}

}  // namespace config
}  // namespace pmg
