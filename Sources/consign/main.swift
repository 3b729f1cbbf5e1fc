print("consign")
