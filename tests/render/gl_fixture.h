// Shared headless GL context for render tests (Mesa llvmpipe through EGL in CI).
#pragma once
#include <gtest/gtest.h>

#include "pmg/render/egl_context.h"

namespace pmg::test {

/// Creates one EGL context per test and makes it current.
class GlTest : public ::testing::Test {
 protected:
  void SetUp() override { context_ = render::EglContext::create(); }
  void TearDown() override { context_.reset(); }
  std::unique_ptr<render::EglContext> context_;
};

}  // namespace pmg::test
