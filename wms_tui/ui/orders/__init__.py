"""The order desk's screen (订单处理)."""
