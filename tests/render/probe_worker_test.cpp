#include <gtest/gtest.h>

#include <chrono>

#include "pmg/render/probe_worker.h"

using namespace pmg::render;

namespace {
const char* kGood =
    "void mainImage(out vec4 c, in vec2 f) { c = vec4(0.5 + 0.5 * sin(f.x * 0.2 + iTime * 3.0), "
    "f.y / 64.0, 0.5, 1.0); }";
// Slow: nested dependent loops. llvmpipe caps loop trips, so it finishes (late) here;
// on GPU drivers such a shader can stall for minutes.
const char* kSlow =
    "void mainImage(out vec4 c, in vec2 f) { float s = f.x; for (int i = 0; i < 100000; i++) { for "
    "(int j = 0; "
    "j < 100000; j++) { s = sin(s + f.y); } } c = vec4(s); }";
}  // namespace

TEST(ProbeWorker, JudgesInAnotherProcess) {
  ProbeWorker worker;
  const auto v = worker.judge(parseShaderText("good", kGood));
  EXPECT_TRUE(v.accepted) << v.reason;
  const auto bad = worker.judge(
      parseShaderText("bad", "void mainImage(out vec4 c, in vec2 f) {\n  c = nope;\n}"));
  EXPECT_FALSE(bad.accepted);
  EXPECT_NE(bad.reason.find("line 2"), std::string::npos) << bad.reason;
}

TEST(ProbeWorker, SlowShaderIsRejectedOverBudget) {
  ProbeWorker worker;
  const auto v = worker.judge(parseShaderText("slow", kSlow));
  EXPECT_FALSE(v.accepted);
  EXPECT_TRUE(v.reason.rfind("too slow", 0) == 0 || v.reason.rfind("timeout", 0) == 0) << v.reason;
}

TEST(ProbeWorker, NoAnswerBeforeTheDeadlineKillsTheWorkerWhichThenRecovers) {
  ProbeWorker worker;
  // 1 ms is shorter than starting a GL context: the deadline passes, the worker is killed.
  const auto t0 = std::chrono::steady_clock::now();
  const auto v = worker.judge(parseShaderText("good", kGood), {}, 1);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_FALSE(v.accepted);
  EXPECT_EQ(v.reason.substr(0, 7), "timeout") << v.reason;
  EXPECT_LT(s, 1.0);
  // A fresh worker takes the next request.
  EXPECT_TRUE(worker.judge(parseShaderText("good", kGood)).accepted);
}

TEST(ProbeWorker, MissingExecutableIsAClearError) {
  ProbeWorker worker("/nonexistent/pmg-shader-worker");
  try {
    worker.judge(parseShaderText("good", kGood));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("PMG_SHADER_WORKER"), std::string::npos);
  }
}
