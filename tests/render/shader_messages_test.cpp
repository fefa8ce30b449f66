#include <gtest/gtest.h>

#include "pmg/render/shader_messages.h"

using pmg::render::explainShaderMessage;

TEST(ShaderMessages, MesaDiagnosticsInPlainWords) {
  EXPECT_EQ(explainShaderMessage("error: `missing_value' undeclared"),
            "'missing_value' is not declared here (a typo, or declared after its use?)");
  EXPECT_EQ(explainShaderMessage("error: no function with name 'noize'"),
            "there is no function called 'noize' (a typo, or defined below this line?)");
  EXPECT_EQ(
      explainShaderMessage("error: syntax error, unexpected IDENTIFIER, expecting ',' or ';'"),
      "syntax error before IDENTIFIER: a missing ';', ')' or '}' on this or the line above?");
  EXPECT_EQ(explainShaderMessage("error: something new"), "something new");
}
