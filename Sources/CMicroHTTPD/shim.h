// libmicrohttpd through pkg-config `libmicrohttpd` (Debian: libmicrohttpd-dev, 0.9.75).
// MHD_start_daemon and MHD_get_daemon_info are variadic and not imported into Swift; the static
// inline functions below call them with fixed argument lists so Swift can use them.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/// A log sink that receives libmicrohttpd's messages already formatted.
typedef void (*warden_mhd_log_sink)(void *cls, const char *message);

/// Where libmicrohttpd's printf-style log lines go: the sink and its context.
struct warden_mhd_log_target {
    warden_mhd_log_sink sink;
    void *cls;
};

static void warden_mhd_log_trampoline(void *cls, const char *format, va_list arguments) {
    const struct warden_mhd_log_target *target = (const struct warden_mhd_log_target *)cls;
    char line[512];
    vsnprintf(line, sizeof line, format, arguments);
    if (target != NULL && target->sink != NULL) target->sink(target->cls, line);
}

/// Starts a daemon bound to `addr` (port 0 there: an ephemeral port) with the options Warden
/// sets: a per-connection idle timeout, a connection limit, a per-IP connection limit (0: none),
/// a per-connection memory limit (which bounds the request line and headers), notify-completed
/// and notify-connection callbacks and a logger (`log_target` must stay alive until
/// MHD_stop_daemon returns). `flags` are MHD_FLAG values.
/// No MHD_OPTION_LISTENING_ADDRESS_REUSE: on Linux it sets SO_REUSEPORT, which would let a
/// second server bind the same port silently; MHD's default SO_REUSEADDR suffices for restarts.
static inline struct MHD_Daemon *warden_mhd_start(unsigned int flags,
        const struct sockaddr *addr,
        MHD_AccessHandlerCallback handler, void *handler_cls,
        MHD_RequestCompletedCallback completed, void *completed_cls,
        MHD_NotifyConnectionCallback notify_connection, void *notify_connection_cls,
        unsigned int connection_timeout_s, unsigned int connection_limit,
        unsigned int per_ip_connection_limit,
        size_t connection_memory_limit, const struct warden_mhd_log_target *log_target) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
        MHD_OPTION_EXTERNAL_LOGGER, warden_mhd_log_trampoline, (void *)log_target,
        MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_connection_limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, notify_connection_cls,
        MHD_OPTION_END);
}

/// The port the daemon listens on (the ephemeral one when it was started on port 0), or 0.
static inline uint16_t warden_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/// The socket of a connection (MHD_get_connection_info is variadic), or -1.
static inline int warden_mhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : info->connect_fd;
}
