#include <gtest/gtest.h>

#include <chrono>

#include "pmg/render/probe_worker.h"

using namespace pmg::render;

namespace {
const char* kGood =
    "void mainImage(out vec4 c, in vec2 f) { c = vec4(0.5 + 0.5 * sin(f.x * 0.2 + iTime * 3.0), "
    "f.y / 64.0, 0.5, 1.0); }";
// Never finishes a draw in practice: llvmpipe caps a loop at 65535 trips (and shares
// the count across nested loops), so the body is made long instead: 1000 dependent
// sin() per trip, 6.5e7 per pixel, minutes per 64x64 draw on a CPU.
const char* kEndless =
    "#define R10(x) x x x x x x x x x x\n"
    "void mainImage(out vec4 c, in vec2 f) { float s = f.x; for (int i = 0; i < 1000000; i++) { "
    "R10(R10(R10(s = sin(s + f.y);))) } c = vec4(s); }";
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

TEST(ProbeWorker, ADrawThatNeverFinishesIsStoppedByTheWatchdogAndTheWorkerRecovers) {
  ProbeWorker worker;
  Watchdog quick;
  quick.draw_ms = 1500;
  const auto v = worker.judge(parseShaderText("endless", kEndless), userShaderOptions(), quick);
  EXPECT_FALSE(v.accepted);
  EXPECT_EQ(v.reason.rfind("timeout: did not finish a draw within 1.5 s", 0), 0u) << v.reason;
  // A fresh worker takes the next request.
  EXPECT_TRUE(worker.judge(parseShaderText("good", kGood), userShaderOptions()).accepted);
}

TEST(ProbeWorker, AStartThatHangsIsStoppedByTheCompileWatchdog) {
  // 1 ms is shorter than starting a GL context: the start-up step is stopped and named.
  ProbeWorker worker;
  Watchdog tiny;
  tiny.compile_ms = 1;
  const auto v = worker.judge(parseShaderText("good", kGood), userShaderOptions(), tiny);
  EXPECT_FALSE(v.accepted);
  EXPECT_EQ(v.reason.rfind("timeout: did not compile the shader", 0), 0u) << v.reason;
  const auto ok = worker.judge(parseShaderText("good", kGood), userShaderOptions());
  EXPECT_TRUE(ok.accepted) << ok.reason;
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
