"""Producing to and reading whole topics of a run (names are logical: the run's prefix is added here)."""
import time, uuid
from confluent_kafka import Consumer, Producer, TopicPartition


class Topics:
    def __init__(self, brokers, prefix):
        self.brokers = brokers
        self.prefix = prefix

    def physical(self, topic):
        return self.prefix + topic

    def produce(self, messages, max_bytes=4_000_000):
        """Sends (topic, key, value, headers) tuples in order; returns [(partition, offset)] per message.
        Raises on any delivery failure."""
        producer = Producer({"bootstrap.servers": self.brokers, "broker.address.family": "v4",
                             "enable.idempotence": True, "acks": "all", "message.max.bytes": max_bytes,
                             "linger.ms": 5})
        reports = [None] * len(messages)

        def recorder(index):
            def delivered(error, message):
                reports[index] = error if error else (message.partition(), message.offset())
            return delivered

        for index, (topic, key, value, headers) in enumerate(messages):
            while True:
                try:
                    producer.produce(self.physical(topic), key=key, value=value, headers=headers or None,
                                     on_delivery=recorder(index))
                    break
                except BufferError:
                    producer.poll(0.1)
            producer.poll(0)
        left = producer.flush(120)
        failed = [r for r in reports if r is None or not isinstance(r, tuple)]
        if left or failed:
            raise RuntimeError(f"{len(failed)} message(s) not delivered ({left} still queued): {failed[:3]}")
        return reports

    def read(self, topic, timeout=60):
        """Every message on the topic now (to each partition's high watermark), as dicts with partition,
        offset, key, value (bytes) and headers ({name: text}, the last value of a repeated name)."""
        name = self.physical(topic)
        consumer = Consumer({"bootstrap.servers": self.brokers, "broker.address.family": "v4",
                             "group.id": f"fault-run-reader-{uuid.uuid4()}", "enable.auto.commit": False,
                             "auto.offset.reset": "earliest", "fetch.message.max.bytes": 8_000_000})
        try:
            metadata = consumer.list_topics(name, timeout=30).topics.get(name)
            if metadata is None or metadata.error is not None:
                return []
            ends, starts = {}, {}
            for partition in metadata.partitions:
                low, high = consumer.get_watermark_offsets(TopicPartition(name, partition), timeout=30)
                if high > low:
                    ends[partition], starts[partition] = high, low
            if not ends:
                return []
            consumer.assign([TopicPartition(name, p, starts[p]) for p in ends])
            found, positions = [], dict(starts)
            deadline = time.monotonic() + timeout
            while any(positions.get(p, 0) < end for p, end in ends.items()):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"reading {name}: reached {positions}, ends {ends}")
                for message in consumer.consume(1000, 1.0):
                    if message.error():
                        continue
                    positions[message.partition()] = message.offset() + 1
                    headers = {}
                    for key, value in message.headers() or []:
                        headers[key] = value.decode("utf-8", "replace") if value is not None else None
                    found.append({"partition": message.partition(), "offset": message.offset(), "key": message.key(),
                                  "value": message.value(), "headers": headers})
            return found
        finally:
            consumer.close()
