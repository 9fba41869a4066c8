#ifndef ENERGIFLOW_CRDKAFKA_SHIM_H
#define ENERGIFLOW_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

// Swift does not import librdkafka's macro constants that contain casts,
// so the ones the wrapper needs are restated here as typed constants.
static const int32_t CRDKafka_PARTITION_UA = RD_KAFKA_PARTITION_UA;
static const int64_t CRDKafka_OFFSET_BEGINNING = RD_KAFKA_OFFSET_BEGINNING;
static const int64_t CRDKafka_OFFSET_END = RD_KAFKA_OFFSET_END;
static const int64_t CRDKafka_OFFSET_INVALID = RD_KAFKA_OFFSET_INVALID;
static const int CRDKafka_MSG_F_COPY = RD_KAFKA_MSG_F_COPY;

// Swift cannot call the variadic rd_kafka_producev; this typed wrapper
// produces one copied message (key may be NULL, timestamp 0 means "now").
static inline rd_kafka_resp_err_t CRDKafka_produce(rd_kafka_t *rk,
                                                   rd_kafka_topic_t *rkt,
                                                   int32_t partition,
                                                   const void *key,
                                                   size_t key_len,
                                                   const void *value,
                                                   size_t value_len,
                                                   int64_t timestamp_ms) {
    return rd_kafka_producev(rk,
                             RD_KAFKA_V_RKT(rkt),
                             RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_TIMESTAMP(timestamp_ms),
                             RD_KAFKA_V_END);
}

#endif
