#include "pmg/config/config_keys.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>

namespace pmg {
inline namespace config {

namespace {

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string nearestKey(const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = std::max<size_t>(3, key.size() / 2) + 1, best_edits = SIZE_MAX;
  for (const auto& k : known) {
    // A prefix relation ("batch" in "batch_size") counts as close; among equally close keys
    // the one fewer edits away wins ("radius_sigmax": "radius_sigma", not "radius").
    const bool prefix = key.rfind(k, 0) == 0 || k.rfind(key, 0) == 0;
    const size_t edits = editDistance(key, k);
    const size_t d = prefix ? 1 : edits;
    if (d < best_distance || (d == best_distance && edits < best_edits)) {
      best_distance = d;
      best_edits = edits;
      best = k;
    }
  }
  return best;
}

void requireKnownKeys(const nlohmann::json& object, const std::vector<std::string>& known,
                      const std::string& where) {
  if (!object.is_object()) throw ConfigError(where + ": expected a JSON object");
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
    const std::string near = nearestKey(it.key(), known);
    throw ConfigError(where + ": unknown key \"" + it.key() + "\"" +
                      (near.empty() ? "" : " (did you mean \"" + near + "\"?)"));
  }
}

double numberInRange(const nlohmann::json& object, const std::string& key, double fallback,
                     double lo, double hi, const std::string& where) {
  if (!object.contains(key)) return fallback;
  const auto& v = object.at(key);
  if (!v.is_number()) throw ConfigError(where + "." + key + " must be a number, got " + v.dump());
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < lo || x > hi)
    throw ConfigError(where + "." + key + " must be between " + fmt::format("{:g}", lo) + " and " +
                      fmt::format("{:g}", hi) + ", got " + v.dump());
  return x;
}

long long integerInRange(const nlohmann::json& object, const std::string& key, long long fallback,
                         long long lo, long long hi, const std::string& where) {
  if (!object.contains(key)) return fallback;
  const auto& v = object.at(key);
  if (!v.is_number_integer())
    throw ConfigError(
        where + "." + key +
        (v.is_number() ? " must be a whole number, got " : " must be a number, got ") + v.dump());
  const bool too_big = v.is_number_unsigned() && v.get<unsigned long long>() > (1ULL << 62);
  const long long x = too_big ? hi + 1 : v.get<long long>();
  if (too_big || x < lo || x > hi)
    throw ConfigError(where + "." + key + " must be between " + std::to_string(lo) + " and " +
                      std::to_string(hi) + ", got " + v.dump());
  return x;
}

}  // namespace config
}  // namespace pmg
