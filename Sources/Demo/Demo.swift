// The Demo module: `energiflow demo`.
