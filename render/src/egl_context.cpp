#include "pmg/render/egl_context.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <vector>

namespace pmg::render {

namespace {

std::string eglErrorString() {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%04X", eglGetError());
  return buf;
}

bool hasExtension(EGLDisplay dpy, const char* ext) {
  return epoxy_has_egl_extension(dpy, ext);
}

/// Tries to initialise `dpy` and create a core context on it.
bool tryContext(EGLDisplay dpy, EGLContext& ctx, std::string& why) {
  EGLint major = 0, minor = 0;
  if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, &major, &minor)) {
    why = "eglInitialize failed (" + eglErrorString() + ")";
    return false;
  }
  const EGLint config_attribs[] = {EGL_SURFACE_TYPE,
                                   EGL_PBUFFER_BIT,
                                   EGL_RENDERABLE_TYPE,
                                   EGL_OPENGL_BIT,
                                   EGL_RED_SIZE,
                                   8,
                                   EGL_GREEN_SIZE,
                                   8,
                                   EGL_BLUE_SIZE,
                                   8,
                                   EGL_NONE};
  EGLConfig config;
  EGLint count = 0;
  if (!eglChooseConfig(dpy, config_attribs, &config, 1, &count) || count < 1) {
    // Surfaceless contexts need no config on Mesa; fall back to EGL_NO_CONFIG_KHR.
    if (!hasExtension(dpy, "EGL_KHR_no_config_context")) {
      why = "no EGL config with PBUFFER_BIT + OPENGL_BIT";
      eglTerminate(dpy);
      return false;
    }
    config = EGL_NO_CONFIG_KHR;
  }
  if (!eglBindAPI(EGL_OPENGL_API)) {
    why = "eglBindAPI(OPENGL) failed";
    eglTerminate(dpy);
    return false;
  }
  const EGLint versions[][2] = {{4, 5}, {4, 1}, {3, 3}};
  for (const auto& v : versions) {
    const EGLint ctx_attribs[] = {EGL_CONTEXT_MAJOR_VERSION,
                                  v[0],
                                  EGL_CONTEXT_MINOR_VERSION,
                                  v[1],
                                  EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                  EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                  EGL_NONE};
    ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, ctx_attribs);
    if (ctx != EGL_NO_CONTEXT) return true;
  }
  why = "eglCreateContext(GL >= 3.3 core) failed (" + eglErrorString() + ")";
  eglTerminate(dpy);
  return false;
}

std::vector<EGLDeviceEXT> devices() {
  std::vector<EGLDeviceEXT> out;
  if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_enumeration")) return out;
  EGLint n = 0;
  eglQueryDevicesEXT(0, nullptr, &n);
  out.resize(size_t(std::max(0, n)));
  if (n > 0) eglQueryDevicesEXT(n, out.data(), &n);
  return out;
}

}  // namespace

std::unique_ptr<EglContext> EglContext::create(int cuda_device) {
  std::unique_ptr<EglContext> c(new EglContext());
  std::string why, reasons;
  EGLContext ctx = EGL_NO_CONTEXT;
  EGLDisplay dpy = EGL_NO_DISPLAY;
  const bool has_platform = epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_base");

  if (cuda_device < 0 && has_platform &&
      epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless")) {
    dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (tryContext(dpy, ctx, why))
      c->platform_ = "surfaceless";
    else
      reasons += "surfaceless: " + why + "; ";
  }
  if (ctx == EGL_NO_CONTEXT && has_platform) {
    const auto devs = devices();
    for (size_t i = 0; i < devs.size() && ctx == EGL_NO_CONTEXT; ++i) {
      if (cuda_device >= 0) {
        EGLAttrib cuda = -1;
        if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_query") ||
            !eglQueryDeviceAttribEXT(devs[i], EGL_CUDA_DEVICE_NV, &cuda) || cuda != cuda_device)
          continue;
      }
      dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devs[i], nullptr);
      if (tryContext(dpy, ctx, why))
        c->platform_ = "device " + std::to_string(i);
      else
        reasons += "device " + std::to_string(i) + ": " + why + "; ";
    }
  }
  if (ctx == EGL_NO_CONTEXT && cuda_device < 0) {
    dpy = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    if (tryContext(dpy, ctx, why))
      c->platform_ = "default";
    else
      reasons += "default display: " + why;
  }
  if (ctx == EGL_NO_CONTEXT) throw GlError("no headless OpenGL context: " + reasons);
  c->display_ = dpy;
  c->context_ = ctx;
  c->makeCurrent();
  return c;
}

EglContext::~EglContext() {
  if (!display_) return;
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  eglDestroyContext(display_, context_);
  // The display is shared process-wide by EGL; terminating it would break other contexts.
}

void EglContext::makeCurrent() {
  if (!eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_)) {
    throw GlError("eglMakeCurrent failed (" + eglErrorString() + ")");
  }
}

void EglContext::release() {
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
}

static std::string glString(GLenum name) {
  const GLubyte* s = glGetString(name);
  return s ? reinterpret_cast<const char*>(s) : "";
}

std::string EglContext::vendor() const {
  return glString(GL_VENDOR);
}
std::string EglContext::renderer() const {
  return glString(GL_RENDERER);
}
std::string EglContext::version() const {
  return glString(GL_VERSION);
}

}  // namespace pmg::render
