// Compiler messages in our words: turns a driver's diagnostic ("error: `foo'
// undeclared") into a sentence that says what is wrong and what usually fixes it.
// The driver's text is kept beside it by the callers.
#pragma once
#include <string>

namespace pmg::render {

/// A plain-language version of one driver diagnostic message (without "line N:").
/// Unknown messages come back with the "error:" prefix removed.
std::string explainShaderMessage(const std::string& driver_message);

}  // namespace pmg::render
