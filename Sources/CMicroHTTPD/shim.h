// libmicrohttpd through pkg-config `libmicrohttpd` (Debian: libmicrohttpd-dev).
// MHD_start_daemon is variadic and not imported into Swift; warden_mhd_start wraps it with a
// fixed option list so Swift can call it.
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/// Starts a daemon bound to `addr` with a connection timeout, a connection limit and a
/// notify-completed callback. `flags` are MHD_FLAG values.
static inline struct MHD_Daemon *warden_mhd_start(unsigned int flags, uint16_t port,
        const struct sockaddr *addr,
        MHD_AccessHandlerCallback handler, void *handler_cls,
        MHD_RequestCompletedCallback completed, void *completed_cls,
        unsigned int connection_timeout_s, unsigned int connection_limit,
        unsigned int thread_pool_size) {
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls,
        MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
        MHD_OPTION_END);
}
