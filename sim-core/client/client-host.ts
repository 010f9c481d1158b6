// The host the learner's client (the docker CLI, the working directory) runs on.
export const CLIENT_HOST_ID = 'host-1';
