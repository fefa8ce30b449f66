#include "pmg/render/shader_messages.h"

#include <regex>

namespace pmg::render {

std::string explainShaderMessage(const std::string& driver_message) {
  std::string m = std::regex_replace(
      driver_message, std::regex(R"(^\s*(error|warning)\s*:?\s*)", std::regex::icase), "");
  struct Rule {
    std::regex pattern;
    std::string text;  // $1 = first capture
  };
  static const Rule rules[] = {
      {std::regex(R"([`'"](\w+)['"] undeclared.*)"),
       "'$1' is not declared here (a typo, or declared after its use?)"},
      {std::regex(R"(.*undeclared identifier '?(\w+)'?.*)"),
       "'$1' is not declared here (a typo, or declared after its use?)"},
      {std::regex(R"(no function with name '(\w+)'.*)"),
       "there is no function called '$1' (a typo, or defined below this line?)"},
      {std::regex(R"(syntax error, unexpected ([^,\s]+).*)"),
       "syntax error before $1: a missing ';', ')' or '}' on this or the line above?"},
      {std::regex(R"(.*could not implicitly convert operands.*)"),
       "the two sides have different types (e.g. int and float: write 1.0, not 1)"},
      {std::regex(
           R"(.*(?:cannot|could not) (?:implicitly )?convert.*from ['`]?(\w+)['`]? to ['`]?(\w+).*)"),
       "a $1 value is used where a $2 is needed"},
      {std::regex(R"(no matching function for call to [`'](\w+)\(.*)"),
       "'$1' is called with arguments of the wrong number or types"},
      {std::regex(R"(.*operands to arithmetic operators must be numeric.*)"),
       "arithmetic on a value that is not a number or vector"},
      {std::regex(R"(.*type mismatch.*)"), "type mismatch: the two sides have different types"},
      {std::regex(R"(.*function [`'](\w+)[`'] (?:has|with) (?:no|non-void).*return.*)"),
       "function '$1' must return a value"},
  };
  std::smatch match;
  for (const auto& r : rules)
    if (std::regex_match(m, match, r.pattern)) return match.format(r.text);
  return m;
}

}  // namespace pmg::render
