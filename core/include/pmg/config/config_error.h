// The one error type of every config reader and validator: a value the user gave that the
// program cannot honour. The message names the key, the allowed range and the value.
#pragma once
#include <stdexcept>

namespace pmg {
inline namespace config {

/// Error in a configuration value (file, preset, command-line option or import).
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace config
}  // namespace pmg
